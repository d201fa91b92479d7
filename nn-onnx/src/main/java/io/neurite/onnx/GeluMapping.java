package io.neurite.onnx;

import ai.onnx.proto.OnnxMl.NodeProto;
import io.neurite.nn.GELU;
import java.util.List;
import java.util.Optional;

/**
 * {@link GELU} ↔ {@code Gelu(approximate = "tanh")} (ONNX opset 20). Neurite's GELU is the tanh approximation,
 * so a Gelu in its exact (erf) form, ONNX's default, is refused rather than imported as something else.
 */
final class GeluMapping implements LayerExporter<GELU>, NodeImporter {

    @Override
    public Class<GELU> layerClass() {
        return GELU.class;
    }

    @Override
    public String export(GELU layer, ExportContext context) {
        return context.node("Gelu", List.of(context.input()), ExportContext.stringAttribute("approximate", "tanh"));
    }

    @Override
    public List<String> opTypes() {
        return List.of("Gelu");
    }

    @Override
    public Optional<ImportedLayer> importNodes(ImportCursor cursor) throws OnnxFormatException {
        NodeProto node = cursor.node();
        String approximate = cursor.stringAttribute(node, "approximate", "none");
        if (!approximate.equals("tanh")) {
            throw cursor.fail(node, "approximate is \"" + approximate + "\" (the exact, erf form); Neurite's GELU is the"
                    + " tanh approximation: in PyTorch use nn.GELU(approximate='tanh') and export with opset 20");
        }
        cursor.advance();
        return Optional.of(ImportedLayer.of(new GELU()));
    }
}
