package io.neurite.onnx;

import ai.onnx.proto.OnnxMl.NodeProto;
import io.neurite.nn.Flatten;
import java.util.List;
import java.util.Optional;

/**
 * {@link Flatten} ↔ {@code Flatten(axis = 1)}: {@code [batch, C, H, W] → [batch, C * H * W]} in the same
 * (row-major) order. Importing a Flatten of a value that is already {@code [batch, features]} (PyTorch's
 * {@code nn.Flatten} in front of an MLP) gives no layer.
 */
final class FlattenMapping implements LayerExporter<Flatten>, NodeImporter {

    @Override
    public Class<Flatten> layerClass() {
        return Flatten.class;
    }

    @Override
    public String export(Flatten layer, ExportContext context) {
        return context.node("Flatten", List.of(context.input()), ExportContext.intAttribute("axis", 1));
    }

    @Override
    public List<String> opTypes() {
        return List.of("Flatten");
    }

    @Override
    public Optional<ImportedLayer> importNodes(ImportCursor cursor) throws OnnxFormatException {
        NodeProto node = cursor.node();
        long axis = cursor.intAttribute(node, "axis", 1);
        if (axis != 1) {
            throw cursor.fail(node, "axis is " + axis + "; Neurite flattens everything but the batch (axis 1)");
        }
        cursor.advance();
        return cursor.inputShape().rank() == 1 ? Optional.empty() : Optional.of(ImportedLayer.of(new Flatten()));
    }
}
