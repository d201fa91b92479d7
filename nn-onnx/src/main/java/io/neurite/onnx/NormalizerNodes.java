package io.neurite.onnx;

import ai.onnx.proto.OnnxMl.NodeProto;
import io.neurite.data.Normalizer;
import io.neurite.tensor.Shape;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * A {@link Normalizer} as the first two nodes of the graph, {@code Mul(Sub(input, normalizer.shift),
 * normalizer.scale)}: the same float32 operations in the same order as {@link Normalizer#applyInPlace}, so the
 * graph takes raw values (pixels 0..255) exactly as {@code neurite predict} does. Both constants have the
 * per-sample input shape.
 */
final class NormalizerNodes {
    static final String PREFIX = "normalizer.";

    private NormalizerNodes() {
    }

    static String export(Normalizer normalizer, Shape inputShape, ExportContext context) {
        if (normalizer.numFeatures() != inputShape.size()) {
            throw new IllegalArgumentException("ONNX export: the normalizer has " + normalizer.numFeatures()
                    + " features but the model's input " + inputShape + " has " + inputShape.size()
                    + "; save the normalizer the model was trained with");
        }
        context.enter(null, PREFIX, context.input(), inputShape);
        String shift = PREFIX + "shift";
        String scale = PREFIX + "scale";
        context.addInitializer(shift, inputShape, normalizer.shift());
        context.addInitializer(scale, inputShape, normalizer.scale());
        String centred = context.node("Sub", List.of(context.input(), shift));
        return context.node("Mul", List.of(centred, scale));
    }

    /**
     * The normalizer at the cursor if the chain starts with {@code Sub(x, constant)} then {@code Mul(., constant)},
     * constants of the per-sample input shape (or one value for all features); the cursor then stands after them.
     */
    static Optional<Normalizer> importPrefix(ImportCursor cursor) throws OnnxFormatException {
        if (cursor.atEnd()) {
            return Optional.empty();
        }
        NodeProto sub = cursor.node();
        NodeProto mul = cursor.next();
        if (!sub.getOpType().equals("Sub") || mul == null || !mul.getOpType().equals("Mul")
                || !cursor.isConstant(sub, 1) || !(cursor.isConstant(mul, 1) || cursor.isConstant(mul, 0))) {
            return Optional.empty();
        }
        int features = cursor.inputShape().size();
        float[] shift = perFeature(cursor, sub, 1, features);
        float[] scale = perFeature(cursor, mul, cursor.isConstant(mul, 1) ? 1 : 0, features);
        try {
            Normalizer normalizer = Normalizer.of(shift, scale);
            cursor.advance();
            cursor.advance();
            return Optional.of(normalizer);
        } catch (IllegalArgumentException e) {
            throw cursor.fail(mul, "the input normalisation is not usable: " + e.getMessage());
        }
    }

    private static float[] perFeature(ImportCursor cursor, NodeProto node, int index, int features)
            throws OnnxFormatException {
        long[] dims = cursor.constantDims(node, index);
        float[] values = cursor.constantValues(node, index);
        if (values.length == 1) {
            float[] all = new float[features];
            Arrays.fill(all, values[0]);
            return all;
        }
        long[] expected = OnnxTensors.dims(cursor.inputShape());
        long[] withBatch = new long[expected.length + 1];
        withBatch[0] = 1;
        System.arraycopy(expected, 0, withBatch, 1, expected.length);
        if (!Arrays.equals(dims, expected) && !Arrays.equals(dims, withBatch)) {
            throw cursor.fail(node, "its constant has shape " + Arrays.toString(dims) + "; as the input normalisation"
                    + " Neurite takes one value or one per feature, of shape " + Arrays.toString(expected));
        }
        return values;
    }
}
