package io.neurite.onnx;

import ai.onnx.proto.OnnxMl.NodeProto;
import io.neurite.nn.Dense;
import io.neurite.nn.Initializer;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@link Dense} ↔ {@code Gemm(X, W, b)}. Export writes {@code W} as Neurite holds it, {@code [in, out]}
 * ({@code transB = 0}), so the initializer is the model file's array, bit for bit. Import takes the forms
 * exporters write:
 * <ul>
 *   <li>{@code Gemm} with {@code transB = 1} and {@code W [out, in]} (PyTorch's {@code nn.Linear}): the weight is
 *       transposed into {@code [in, out]}; {@code transB = 0} is taken as is; {@code alpha} and {@code beta} must
 *       be 1 and {@code transA} 0, the bias {@code [out]} or {@code [1, out]} or absent (zero);</li>
 *   <li>{@code MatMul(X, W [in, out])}, optionally followed by {@code Add} of a constant {@code [out]} bias
 *       (Keras, TensorFlow).</li>
 * </ul>
 */
final class DenseMapping implements LayerExporter<Dense>, NodeImporter {

    @Override
    public Class<Dense> layerClass() {
        return Dense.class;
    }

    @Override
    public String export(Dense layer, ExportContext context) {
        String weight = context.initializer("weight");
        String bias = context.initializer("bias");
        return context.node("Gemm", List.of(context.input(), weight, bias));
    }

    @Override
    public List<String> opTypes() {
        return List.of("Gemm", "MatMul");
    }

    @Override
    public Optional<ImportedLayer> importNodes(ImportCursor cursor) throws OnnxFormatException {
        NodeProto node = cursor.node();
        return Optional.of(node.getOpType().equals("Gemm") ? gemm(cursor, node) : matMul(cursor, node));
    }

    private static ImportedLayer gemm(ImportCursor cursor, NodeProto node) throws OnnxFormatException {
        float alpha = cursor.floatAttribute(node, "alpha", 1f);
        float beta = cursor.floatAttribute(node, "beta", 1f);
        long transA = cursor.intAttribute(node, "transA", 0);
        long transB = cursor.intAttribute(node, "transB", 0);
        if (alpha != 1f || transA != 0 || (beta != 1f && node.getInputCount() > 2)) {
            throw cursor.fail(node, "alpha " + alpha + ", beta " + beta + ", transA " + transA
                    + " is not a fully connected layer; Neurite imports Gemm with alpha = 1, beta = 1 and transA = 0"
                    + " (X·W + b)");
        }
        long[] dims = cursor.constantDims(node, 1);
        if (dims.length != 2) {
            throw cursor.fail(node, "the weight has shape " + Arrays.toString(dims) + " but a Gemm weight is a matrix");
        }
        requireNonEmpty(cursor, node, dims);
        float[] w = cursor.constantValues(node, 1);
        int in = (int) (transB == 0 ? dims[0] : dims[1]);
        int out = (int) (transB == 0 ? dims[1] : dims[0]);
        float[] weight = transB == 0 ? w : transpose(w, out, in);
        float[] bias = new float[out];
        if (node.getInputCount() > 2 && !node.getInput(2).isEmpty()) {
            bias = bias(cursor, node, 2, out);
        }
        cursor.advance();
        return dense(in, out, weight, bias);
    }

    private static ImportedLayer matMul(ImportCursor cursor, NodeProto node) throws OnnxFormatException {
        long[] dims = cursor.constantDims(node, 1);
        if (dims.length != 2) {
            throw cursor.fail(node, "the second input has shape " + Arrays.toString(dims)
                    + "; Neurite imports MatMul(X, W) with a constant matrix W [in, out] as a Dense layer");
        }
        requireNonEmpty(cursor, node, dims);
        float[] weight = cursor.constantValues(node, 1);
        int in = (int) dims[0];
        int out = (int) dims[1];
        cursor.advance();
        float[] bias = new float[out];
        NodeProto add = peekAdd(cursor);
        if (add != null) {
            int constant = cursor.isConstant(add, 1) ? 1 : 0;
            bias = bias(cursor, add, constant, out);
            cursor.advance();
        }
        return dense(in, out, weight, bias);
    }

    /**
     * A weight with a zero dimension would be a layer with no inputs or no outputs, which Neurite has not; with
     * both dimensions positive, {@link ImportCursor#constantValues} bounds their product, so each fits an int.
     */
    private static void requireNonEmpty(ImportCursor cursor, NodeProto node, long[] dims) throws OnnxFormatException {
        if (dims[0] < 1 || dims[1] < 1) {
            throw cursor.fail(node, "the weight has shape " + Arrays.toString(dims) + "; a Dense layer needs at"
                    + " least one input and one output");
        }
    }

    /** The node at the cursor if it is an Add of a constant (the bias after a MatMul), else {@code null}. */
    private static NodeProto peekAdd(ImportCursor cursor) {
        if (cursor.atEnd()) {
            return null;
        }
        NodeProto n = cursor.node();
        boolean addsConstant = n.getOpType().equals("Add") && n.getInputCount() == 2
                && (cursor.isConstant(n, 0) || cursor.isConstant(n, 1));
        return addsConstant ? n : null;
    }

    private static float[] bias(ImportCursor cursor, NodeProto node, int index, int out) throws OnnxFormatException {
        long[] dims = cursor.constantDims(node, index);
        long count = Arrays.stream(dims).reduce(1, (a, b) -> a * b);
        boolean vector = count == out && (dims.length == 1 || (dims.length == 2 && dims[0] == 1));
        if (!vector) {
            throw cursor.fail(node, "the bias has shape " + Arrays.toString(dims) + " but the layer has " + out
                    + " outputs; Neurite imports a bias of shape [" + out + "] or [1, " + out + "]");
        }
        return cursor.constantValues(node, index);
    }

    private static ImportedLayer dense(int in, int out, float[] weight, float[] bias) {
        return new ImportedLayer(new Dense(in, out, Initializer.zeros()), Map.of("weight", weight, "bias", bias));
    }

    /** {@code [rows, cols]} row-major to {@code [cols, rows]}: PyTorch's {@code [out, in]} to Neurite's {@code [in, out]}. */
    static float[] transpose(float[] a, int rows, int cols) {
        float[] t = new float[a.length];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                t[c * rows + r] = a[r * cols + c];
            }
        }
        return t;
    }
}
