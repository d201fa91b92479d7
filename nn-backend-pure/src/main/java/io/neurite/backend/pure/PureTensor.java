package io.neurite.backend.pure;

import io.neurite.tensor.Backend;
import io.neurite.tensor.Shape;
import io.neurite.tensor.ShapeChecks;
import io.neurite.tensor.Tensor;

/** A tensor whose elements are one {@code float[]} in row-major order (shared by reshaped views). */
final class PureTensor implements Tensor {
    private final PureBackend backend;
    final float[] data;
    private final Shape shape;

    PureTensor(PureBackend backend, float[] data, Shape shape) {
        this.backend = backend;
        this.data = data;
        this.shape = shape;
    }

    /** {@code t} as a PureTensor of {@code backend}, or an error naming the operation. */
    static PureTensor cast(String op, PureBackend backend, Tensor t) {
        if (t instanceof PureTensor p && p.backend == backend) {
            return p;
        }
        throw new IllegalArgumentException(op + ": a tensor of backend '" + t.backend().name()
                + "' was passed to backend '" + backend.name() + "'; move it with tensor.to(backend)");
    }

    private PureTensor cast(String op, Tensor t) {
        return cast(op, backend, t);
    }

    private float[] sameShape(String op, Tensor t) {
        ShapeChecks.same(op, this, t);
        return cast(op, t).data;
    }

    private float[] destination(String op, Tensor dest) {
        ShapeChecks.dest(op, shape, dest);
        return cast(op, dest).data;
    }

    @Override
    public Shape shape() {
        return shape;
    }

    @Override
    public Backend backend() {
        return backend;
    }

    @Override
    public float[] toFloatArray() {
        return data.clone();
    }

    @Override
    public float get(int index) {
        return data[index];
    }

    @Override
    public void set(int index, float value) {
        data[index] = value;
    }

    @Override
    public Tensor copyFrom(float[] src, int offset) {
        if (offset < 0 || offset + data.length > src.length) {
            throw new IllegalArgumentException("copyFrom: need " + data.length + " values from offset " + offset
                    + " but the array has " + src.length);
        }
        System.arraycopy(src, offset, data, 0, data.length);
        return this;
    }

    @Override
    public Tensor copyFrom(Tensor src) {
        float[] s = sameShape("copyFrom", src);
        System.arraycopy(s, 0, data, 0, data.length);
        return this;
    }

    @Override
    public Tensor fill(float value) {
        java.util.Arrays.fill(data, value);
        return this;
    }

    @Override
    public Tensor reshape(Shape newShape) {
        if (newShape.size() != shape.size()) {
            throw new IllegalArgumentException("reshape: cannot view " + shape + " (" + shape.size() + " elements) as "
                    + newShape + " (" + newShape.size() + " elements)");
        }
        return new PureTensor(backend, data, newShape);
    }

    // ---- element-wise binary ----

    @Override
    public Tensor add(Tensor other, Tensor dest) {
        float[] o = sameShape("add", other);
        float[] d = destination("add", dest);
        for (int i = 0; i < d.length; i++) {
            d[i] = data[i] + o[i];
        }
        return dest;
    }

    @Override
    public Tensor sub(Tensor other, Tensor dest) {
        float[] o = sameShape("sub", other);
        float[] d = destination("sub", dest);
        for (int i = 0; i < d.length; i++) {
            d[i] = data[i] - o[i];
        }
        return dest;
    }

    @Override
    public Tensor mul(Tensor other, Tensor dest) {
        float[] o = sameShape("mul", other);
        float[] d = destination("mul", dest);
        for (int i = 0; i < d.length; i++) {
            d[i] = data[i] * o[i];
        }
        return dest;
    }

    @Override
    public Tensor div(Tensor other, Tensor dest) {
        float[] o = sameShape("div", other);
        float[] d = destination("div", dest);
        for (int i = 0; i < d.length; i++) {
            d[i] = data[i] / o[i];
        }
        return dest;
    }

    @Override
    public Tensor addScaledInPlace(float alpha, Tensor x) {
        float[] o = sameShape("addScaledInPlace", x);
        for (int i = 0; i < data.length; i++) {
            data[i] += alpha * o[i];
        }
        return this;
    }

    // ---- scalar ----

    @Override
    public Tensor scale(float factor, Tensor dest) {
        float[] d = destination("scale", dest);
        for (int i = 0; i < d.length; i++) {
            d[i] = data[i] * factor;
        }
        return dest;
    }

    @Override
    public Tensor addScalar(float value, Tensor dest) {
        float[] d = destination("addScalar", dest);
        for (int i = 0; i < d.length; i++) {
            d[i] = data[i] + value;
        }
        return dest;
    }

    @Override
    public Tensor clamp(float min, float max, Tensor dest) {
        if (!(min <= max)) {
            throw new IllegalArgumentException("clamp: min " + min + " must be <= max " + max);
        }
        float[] d = destination("clamp", dest);
        for (int i = 0; i < d.length; i++) {
            d[i] = Math.min(Math.max(data[i], min), max);
        }
        return dest;
    }

    @Override
    public Tensor maxScalar(float value, Tensor dest) {
        float[] d = destination("maxScalar", dest);
        for (int i = 0; i < d.length; i++) {
            d[i] = Math.max(data[i], value);
        }
        return dest;
    }

    // ---- unary ----

    @Override
    public Tensor exp(Tensor dest) {
        float[] d = destination("exp", dest);
        for (int i = 0; i < d.length; i++) {
            d[i] = (float) Math.exp(data[i]);
        }
        return dest;
    }

    @Override
    public Tensor log(Tensor dest) {
        float[] d = destination("log", dest);
        for (int i = 0; i < d.length; i++) {
            d[i] = (float) Math.log(data[i]);
        }
        return dest;
    }

    @Override
    public Tensor sqrt(Tensor dest) {
        float[] d = destination("sqrt", dest);
        for (int i = 0; i < d.length; i++) {
            d[i] = (float) Math.sqrt(data[i]);
        }
        return dest;
    }

    @Override
    public Tensor square(Tensor dest) {
        float[] d = destination("square", dest);
        for (int i = 0; i < d.length; i++) {
            d[i] = data[i] * data[i];
        }
        return dest;
    }

    @Override
    public Tensor abs(Tensor dest) {
        float[] d = destination("abs", dest);
        for (int i = 0; i < d.length; i++) {
            d[i] = Math.abs(data[i]);
        }
        return dest;
    }

    // ---- activations ----

    @Override
    public Tensor relu(Tensor dest) {
        float[] d = destination("relu", dest);
        for (int i = 0; i < d.length; i++) {
            d[i] = Math.max(data[i], 0f);
        }
        return dest;
    }

    @Override
    public Tensor reluBackward(Tensor gradOutput, Tensor dest) {
        float[] g = sameShape("reluBackward", gradOutput);
        float[] d = destination("reluBackward", dest);
        for (int i = 0; i < d.length; i++) {
            d[i] = data[i] > 0f ? g[i] : 0f;
        }
        return dest;
    }

    @Override
    public Tensor leakyRelu(float slope, Tensor dest) {
        float[] d = destination("leakyRelu", dest);
        for (int i = 0; i < d.length; i++) {
            float x = data[i];
            d[i] = x > 0f ? x : slope * x;
        }
        return dest;
    }

    @Override
    public Tensor leakyReluBackward(float slope, Tensor gradOutput, Tensor dest) {
        float[] g = sameShape("leakyReluBackward", gradOutput);
        float[] d = destination("leakyReluBackward", dest);
        for (int i = 0; i < d.length; i++) {
            d[i] = data[i] > 0f ? g[i] : slope * g[i];
        }
        return dest;
    }

    static float sigmoid(float x) {
        // Two branches so that exp never overflows.
        if (x >= 0f) {
            return (float) (1.0 / (1.0 + Math.exp(-x)));
        }
        double e = Math.exp(x);
        return (float) (e / (1.0 + e));
    }

    @Override
    public Tensor sigmoid(Tensor dest) {
        float[] d = destination("sigmoid", dest);
        for (int i = 0; i < d.length; i++) {
            d[i] = sigmoid(data[i]);
        }
        return dest;
    }

    @Override
    public Tensor sigmoidBackward(Tensor gradOutput, Tensor dest) {
        float[] g = sameShape("sigmoidBackward", gradOutput);
        float[] d = destination("sigmoidBackward", dest);
        for (int i = 0; i < d.length; i++) {
            float s = sigmoid(data[i]);
            d[i] = g[i] * s * (1f - s);
        }
        return dest;
    }

    @Override
    public Tensor tanh(Tensor dest) {
        float[] d = destination("tanh", dest);
        for (int i = 0; i < d.length; i++) {
            d[i] = (float) Math.tanh(data[i]);
        }
        return dest;
    }

    @Override
    public Tensor tanhBackward(Tensor gradOutput, Tensor dest) {
        float[] g = sameShape("tanhBackward", gradOutput);
        float[] d = destination("tanhBackward", dest);
        for (int i = 0; i < d.length; i++) {
            float t = (float) Math.tanh(data[i]);
            d[i] = g[i] * (1f - t * t);
        }
        return dest;
    }

    private static final double GELU_C = Math.sqrt(2.0 / Math.PI);

    @Override
    public Tensor gelu(Tensor dest) {
        float[] d = destination("gelu", dest);
        for (int i = 0; i < d.length; i++) {
            double x = data[i];
            d[i] = (float) (0.5 * x * (1.0 + Math.tanh(GELU_C * (x + 0.044715 * x * x * x))));
        }
        return dest;
    }

    @Override
    public Tensor geluBackward(Tensor gradOutput, Tensor dest) {
        float[] g = sameShape("geluBackward", gradOutput);
        float[] d = destination("geluBackward", dest);
        for (int i = 0; i < d.length; i++) {
            double x = data[i];
            double t = Math.tanh(GELU_C * (x + 0.044715 * x * x * x));
            double dt = (1.0 - t * t) * GELU_C * (1.0 + 3 * 0.044715 * x * x);
            d[i] = (float) (g[i] * (0.5 * (1.0 + t) + 0.5 * x * dt));
        }
        return dest;
    }

    @Override
    public Tensor softplus(Tensor dest) {
        float[] d = destination("softplus", dest);
        for (int i = 0; i < d.length; i++) {
            double x = data[i];
            d[i] = (float) (Math.max(x, 0.0) + Math.log1p(Math.exp(-Math.abs(x))));
        }
        return dest;
    }

    // ---- row-wise ----

    @Override
    public Tensor addRowVector(Tensor row, Tensor dest) {
        ShapeChecks.rowVector("addRowVector", this, row);
        float[] r = cast("addRowVector", row).data;
        float[] d = destination("addRowVector", dest);
        int rows = shape.dim(0);
        int cols = shape.dim(1);
        for (int i = 0; i < rows; i++) {
            int o = i * cols;
            for (int j = 0; j < cols; j++) {
                d[o + j] = data[o + j] + r[j];
            }
        }
        return dest;
    }

    @Override
    public Tensor sumColumns(Tensor dest) {
        int rows = shape.rows("sumColumns");
        int cols = shape.dim(1);
        ShapeChecks.dest("sumColumns", Shape.of(cols), dest);
        float[] d = cast("sumColumns", dest).data;
        java.util.Arrays.fill(d, 0f);
        for (int i = 0; i < rows; i++) {
            int o = i * cols;
            for (int j = 0; j < cols; j++) {
                d[j] += data[o + j];
            }
        }
        return dest;
    }

    @Override
    public Tensor sumRows(Tensor dest) {
        int rows = shape.rows("sumRows");
        int cols = shape.dim(1);
        ShapeChecks.dest("sumRows", Shape.of(rows), dest);
        float[] d = cast("sumRows", dest).data;
        for (int i = 0; i < rows; i++) {
            double s = 0;
            for (int j = 0; j < cols; j++) {
                s += data[i * cols + j];
            }
            d[i] = (float) s;
        }
        return dest;
    }

    @Override
    public Tensor maxRows(Tensor dest) {
        int rows = shape.rows("maxRows");
        int cols = shape.dim(1);
        ShapeChecks.dest("maxRows", Shape.of(rows), dest);
        float[] d = cast("maxRows", dest).data;
        for (int i = 0; i < rows; i++) {
            float m = Float.NEGATIVE_INFINITY;
            for (int j = 0; j < cols; j++) {
                m = Math.max(m, data[i * cols + j]);
            }
            d[i] = m;
        }
        return dest;
    }

    @Override
    public int[] argmaxRows() {
        int rows = shape.rows("argmaxRows");
        int cols = shape.dim(1);
        int[] out = new int[rows];
        for (int i = 0; i < rows; i++) {
            int best = 0;
            for (int j = 1; j < cols; j++) {
                if (data[i * cols + j] > data[i * cols + best]) {
                    best = j;
                }
            }
            out[i] = best;
        }
        return out;
    }

    @Override
    public Tensor softmaxRows(Tensor dest) {
        int rows = shape.rows("softmaxRows");
        int cols = shape.dim(1);
        float[] d = destination("softmaxRows", dest);
        for (int i = 0; i < rows; i++) {
            int o = i * cols;
            float m = Float.NEGATIVE_INFINITY;
            for (int j = 0; j < cols; j++) {
                m = Math.max(m, data[o + j]);
            }
            double s = 0;
            for (int j = 0; j < cols; j++) {
                float e = (float) Math.exp(data[o + j] - m);
                d[o + j] = e;
                s += e;
            }
            float inv = (float) (1.0 / s);
            for (int j = 0; j < cols; j++) {
                d[o + j] *= inv;
            }
        }
        return dest;
    }

    @Override
    public Tensor logSoftmaxRows(Tensor dest) {
        int rows = shape.rows("logSoftmaxRows");
        int cols = shape.dim(1);
        float[] d = destination("logSoftmaxRows", dest);
        for (int i = 0; i < rows; i++) {
            int o = i * cols;
            float m = Float.NEGATIVE_INFINITY;
            for (int j = 0; j < cols; j++) {
                m = Math.max(m, data[o + j]);
            }
            double s = 0;
            for (int j = 0; j < cols; j++) {
                s += Math.exp(data[o + j] - m);
            }
            float lse = (float) (m + Math.log(s));
            for (int j = 0; j < cols; j++) {
                d[o + j] = data[o + j] - lse;
            }
        }
        return dest;
    }

    // ---- reductions ----

    @Override
    public float sum() {
        double s = 0;
        for (float v : data) {
            s += v;
        }
        return (float) s;
    }

    @Override
    public float sumOfSquares() {
        double s = 0;
        for (float v : data) {
            s += (double) v * v;
        }
        return (float) s;
    }

    @Override
    public float max() {
        float m = Float.NEGATIVE_INFINITY;
        for (float v : data) {
            m = Math.max(m, v);
        }
        return m;
    }

    @Override
    public float min() {
        float m = Float.POSITIVE_INFINITY;
        for (float v : data) {
            m = Math.min(m, v);
        }
        return m;
    }

    @Override
    public String toString() {
        return "PureTensor" + shape;
    }
}
