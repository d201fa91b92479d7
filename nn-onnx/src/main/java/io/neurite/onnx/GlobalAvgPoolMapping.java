package io.neurite.onnx;

import ai.onnx.proto.OnnxMl.NodeProto;
import io.neurite.nn.GlobalAvgPool2D;
import java.util.List;
import java.util.Optional;

/**
 * {@link GlobalAvgPool2D} ({@code [batch, C, H, W] → [batch, C]}) ↔ {@code GlobalAveragePool} then
 * {@code Flatten(axis = 1)}: ONNX's GlobalAveragePool keeps two dimensions of size 1, Neurite's layer does not.
 * Import takes the same pair (PyTorch writes it for {@code AdaptiveAvgPool2d(1)} followed by a flatten).
 */
final class GlobalAvgPoolMapping implements LayerExporter<GlobalAvgPool2D>, NodeImporter {

    @Override
    public Class<GlobalAvgPool2D> layerClass() {
        return GlobalAvgPool2D.class;
    }

    @Override
    public String export(GlobalAvgPool2D layer, ExportContext context) {
        String pooled = context.node("GlobalAveragePool", List.of(context.input()));
        return context.node("Flatten", List.of(pooled), ExportContext.intAttribute("axis", 1));
    }

    @Override
    public List<String> opTypes() {
        return List.of("GlobalAveragePool");
    }

    @Override
    public Optional<ImportedLayer> importNodes(ImportCursor cursor) throws OnnxFormatException {
        NodeProto node = cursor.node();
        NodeProto next = cursor.next();
        if (next == null || !next.getOpType().equals("Flatten") || cursor.intAttribute(next, "axis", 1) != 1) {
            throw cursor.fail(node, "it gives [batch, C, 1, 1]; Neurite imports GlobalAveragePool followed by"
                    + " Flatten(axis = 1), its GlobalAvgPool2D's [batch, C]");
        }
        cursor.advance();
        cursor.advance();
        return Optional.of(ImportedLayer.of(new GlobalAvgPool2D()));
    }
}
