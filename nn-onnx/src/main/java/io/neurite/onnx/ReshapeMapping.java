package io.neurite.onnx;

import ai.onnx.proto.OnnxMl.NodeProto;
import io.neurite.nn.Reshape;
import io.neurite.tensor.Shape;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * {@link Reshape} ↔ {@code Reshape(X, shape)} with a constant int64 {@code shape} of {@code [-1, ...per-sample
 * shape]} (the batch inferred). Import resolves ONNX's {@code 0} (copy the input's size) and one {@code -1}
 * (infer) after the batch; the batch entry must be {@code -1} or {@code 0}.
 */
final class ReshapeMapping implements LayerExporter<Reshape>, NodeImporter {

    @Override
    public Class<Reshape> layerClass() {
        return Reshape.class;
    }

    @Override
    public String export(Reshape layer, ExportContext context) {
        Shape s = layer.shape();
        long[] target = new long[s.rank() + 1];
        target[0] = -1;
        for (int d = 0; d < s.rank(); d++) {
            target[d + 1] = s.dim(d);
        }
        return context.node("Reshape", List.of(context.input(), context.int64Initializer("shape", target)));
    }

    @Override
    public List<String> opTypes() {
        return List.of("Reshape");
    }

    @Override
    public Optional<ImportedLayer> importNodes(ImportCursor cursor) throws OnnxFormatException {
        NodeProto node = cursor.node();
        long[] target = cursor.constantLongs(node, 1);
        Shape in = cursor.inputShape();
        if (target.length < 2 || (target[0] != -1 && target[0] != 0)) {
            throw cursor.fail(node, "the target shape is " + Arrays.toString(target) + "; Neurite reshapes each sample,"
                    + " so the first entry (the batch) must be -1 or 0");
        }
        int[] dims = new int[target.length - 1];
        int infer = -1;
        long known = 1;
        for (int d = 0; d < dims.length; d++) {
            long t = target[d + 1];
            if (t == 0 && d < in.rank()) {
                t = in.dim(d);
            }
            if (t == -1 && infer < 0) {
                infer = d;
                continue;
            }
            if (t < 1 || t > Integer.MAX_VALUE) {
                throw cursor.fail(node, "the target shape " + Arrays.toString(target) + " has the entry " + target[d + 1]
                        + " that Neurite cannot resolve for the per-sample input " + in);
            }
            dims[d] = (int) t;
            known *= t;
        }
        if (infer >= 0) {
            if (known == 0 || in.size() % known != 0) {
                throw cursor.fail(node, "the target shape " + Arrays.toString(target) + " does not fit " + in);
            }
            dims[infer] = (int) (in.size() / known);
        }
        cursor.advance();
        Shape out = Shape.of(dims);
        return out.equals(in) ? Optional.empty() : Optional.of(ImportedLayer.of(new Reshape(out)));
    }
}
