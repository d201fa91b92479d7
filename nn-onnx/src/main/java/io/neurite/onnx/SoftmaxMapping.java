package io.neurite.onnx;

import ai.onnx.proto.OnnxMl.NodeProto;
import io.neurite.nn.Softmax;
import java.util.List;
import java.util.Optional;

/**
 * {@link Softmax} ↔ {@code Softmax(axis = 1)}: over the features of each sample of a {@code [batch, features]}
 * value. Import takes axis 1 or -1 (the same axis there).
 */
final class SoftmaxMapping implements LayerExporter<Softmax>, NodeImporter {

    @Override
    public Class<Softmax> layerClass() {
        return Softmax.class;
    }

    @Override
    public String export(Softmax layer, ExportContext context) {
        return context.node("Softmax", List.of(context.input()), ExportContext.intAttribute("axis", 1));
    }

    @Override
    public List<String> opTypes() {
        return List.of("Softmax");
    }

    @Override
    public Optional<ImportedLayer> importNodes(ImportCursor cursor) throws OnnxFormatException {
        NodeProto node = cursor.node();
        long axis = cursor.intAttribute(node, "axis", -1);
        int rank = cursor.inputShape().rank() + 1;
        if (axis != rank - 1 && axis != -1) {
            throw cursor.fail(node, "axis is " + axis + " on a value of rank " + rank + "; Neurite's Softmax is over the"
                    + " last axis of [batch, features]");
        }
        cursor.advance();
        return Optional.of(ImportedLayer.of(new Softmax()));
    }
}
