package io.neurite.onnx;

import ai.onnx.proto.OnnxMl.NodeProto;
import java.util.List;
import java.util.Optional;

/**
 * {@code Flatten(axis = 1)} of a value that is already {@code [batch, features]} (PyTorch's {@code nn.Flatten}
 * at the start of an MLP) is the identity, and is imported as nothing. Flattening images needs a Flatten layer,
 * which Neurite does not have yet, so that fails.
 */
final class FlattenPassThrough implements NodeImporter {

    @Override
    public List<String> opTypes() {
        return List.of("Flatten");
    }

    @Override
    public Optional<ImportedLayer> importNodes(ImportCursor cursor) throws OnnxFormatException {
        NodeProto node = cursor.node();
        long axis = cursor.intAttribute(node, "axis", 1);
        if (axis != 1 || cursor.inputShape().rank() != 1) {
            throw cursor.fail(node, "it flattens a value of per-sample shape " + cursor.inputShape() + " (axis "
                    + axis + "); Neurite imports Flatten only where the value is already [batch, features]");
        }
        cursor.advance();
        return Optional.empty();
    }
}
