package io.neurite.onnx;

import ai.onnx.proto.OnnxMl.NodeProto;
import io.neurite.nn.LeakyReLU;
import java.util.List;
import java.util.Optional;

/** {@link LeakyReLU} ↔ {@code LeakyRelu(alpha = slope)}; ONNX's default alpha, 0.01, is Neurite's default slope. */
final class LeakyReLUMapping implements LayerExporter<LeakyReLU>, NodeImporter {

    @Override
    public Class<LeakyReLU> layerClass() {
        return LeakyReLU.class;
    }

    @Override
    public String export(LeakyReLU layer, ExportContext context) {
        return context.node("LeakyRelu", List.of(context.input()),
                ExportContext.floatAttribute("alpha", layer.slope()));
    }

    @Override
    public List<String> opTypes() {
        return List.of("LeakyRelu");
    }

    @Override
    public Optional<ImportedLayer> importNodes(ImportCursor cursor) throws OnnxFormatException {
        NodeProto node = cursor.node();
        float alpha = cursor.floatAttribute(node, "alpha", 0.01f);
        if (!(alpha >= 0f) || Float.isInfinite(alpha)) {
            throw cursor.fail(node, "alpha is " + alpha + "; Neurite's LeakyReLU takes a finite slope >= 0");
        }
        cursor.advance();
        return Optional.of(ImportedLayer.of(new LeakyReLU(alpha)));
    }
}
