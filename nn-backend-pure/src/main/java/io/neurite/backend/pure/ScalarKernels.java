package io.neurite.backend.pure;

/**
 * The element-wise, row-wise and reduction loops on plain {@code float[]} ranges, written as simple counted
 * loops that HotSpot can auto-vectorise. This is the reference path and the fallback when the module
 * {@code jdk.incubator.vector} is absent; the SIMD path overrides the hot methods. Every method works on
 * {@code [from, to)} (or a range of rows) so that a large operation can be split over threads, and
 * tolerates {@code d} being the same array as an input.
 */
class ScalarKernels {
    static final double GELU_C = Math.sqrt(2.0 / Math.PI);
    static final double GELU_A = 0.044715;

    String describe() {
        return "scalar loops";
    }

    // ---- binary ----

    void add(float[] x, float[] y, float[] d, int from, int to) {
        for (int i = from; i < to; i++) {
            d[i] = x[i] + y[i];
        }
    }

    void sub(float[] x, float[] y, float[] d, int from, int to) {
        for (int i = from; i < to; i++) {
            d[i] = x[i] - y[i];
        }
    }

    void mul(float[] x, float[] y, float[] d, int from, int to) {
        for (int i = from; i < to; i++) {
            d[i] = x[i] * y[i];
        }
    }

    void div(float[] x, float[] y, float[] d, int from, int to) {
        for (int i = from; i < to; i++) {
            d[i] = x[i] / y[i];
        }
    }

    /** {@code d += alpha * x}. */
    void axpy(float alpha, float[] x, float[] d, int from, int to) {
        for (int i = from; i < to; i++) {
            d[i] += alpha * x[i];
        }
    }

    void reluBackward(float[] x, float[] g, float[] d, int from, int to) {
        for (int i = from; i < to; i++) {
            d[i] = x[i] > 0f ? g[i] : 0f;
        }
    }

    void leakyReluBackward(float slope, float[] x, float[] g, float[] d, int from, int to) {
        for (int i = from; i < to; i++) {
            d[i] = x[i] > 0f ? g[i] : slope * g[i];
        }
    }

    void sigmoidBackward(float[] x, float[] g, float[] d, int from, int to) {
        for (int i = from; i < to; i++) {
            float s = sigmoid(x[i]);
            d[i] = g[i] * s * (1f - s);
        }
    }

    void tanhBackward(float[] x, float[] g, float[] d, int from, int to) {
        for (int i = from; i < to; i++) {
            float t = (float) Math.tanh(x[i]);
            d[i] = g[i] * (1f - t * t);
        }
    }

    void geluBackward(float[] x, float[] g, float[] d, int from, int to) {
        for (int i = from; i < to; i++) {
            double v = x[i];
            double t = Math.tanh(GELU_C * (v + GELU_A * v * v * v));
            double dt = (1.0 - t * t) * GELU_C * (1.0 + 3 * GELU_A * v * v);
            d[i] = (float) (g[i] * (0.5 * (1.0 + t) + 0.5 * v * dt));
        }
    }

    // ---- with a scalar ----

    void scale(float[] x, float factor, float[] d, int from, int to) {
        for (int i = from; i < to; i++) {
            d[i] = x[i] * factor;
        }
    }

    void addScalar(float[] x, float value, float[] d, int from, int to) {
        for (int i = from; i < to; i++) {
            d[i] = x[i] + value;
        }
    }

    void clamp(float[] x, float min, float max, float[] d, int from, int to) {
        for (int i = from; i < to; i++) {
            d[i] = Math.min(Math.max(x[i], min), max);
        }
    }

    void maxScalar(float[] x, float value, float[] d, int from, int to) {
        for (int i = from; i < to; i++) {
            d[i] = Math.max(x[i], value);
        }
    }

    void leakyRelu(float[] x, float slope, float[] d, int from, int to) {
        for (int i = from; i < to; i++) {
            float v = x[i];
            d[i] = v > 0f ? v : slope * v;
        }
    }

    // ---- unary ----

    void exp(float[] x, float[] d, int from, int to) {
        for (int i = from; i < to; i++) {
            d[i] = FloatExp.exp(x[i]);
        }
    }

    void log(float[] x, float[] d, int from, int to) {
        for (int i = from; i < to; i++) {
            d[i] = (float) Math.log(x[i]);
        }
    }

    void sqrt(float[] x, float[] d, int from, int to) {
        for (int i = from; i < to; i++) {
            d[i] = (float) Math.sqrt(x[i]);
        }
    }

    void square(float[] x, float[] d, int from, int to) {
        for (int i = from; i < to; i++) {
            d[i] = x[i] * x[i];
        }
    }

    void abs(float[] x, float[] d, int from, int to) {
        for (int i = from; i < to; i++) {
            d[i] = Math.abs(x[i]);
        }
    }

    void relu(float[] x, float[] d, int from, int to) {
        for (int i = from; i < to; i++) {
            d[i] = Math.max(x[i], 0f);
        }
    }

    static float sigmoid(float x) {
        // e^-|x| never overflows; 1 / (1 + e) for x >= 0 and e / (1 + e) below are the same function.
        float e = FloatExp.exp(-Math.abs(x));
        return x >= 0f ? 1f / (1f + e) : e / (1f + e);
    }

    void sigmoid(float[] x, float[] d, int from, int to) {
        for (int i = from; i < to; i++) {
            d[i] = sigmoid(x[i]);
        }
    }

    void tanh(float[] x, float[] d, int from, int to) {
        for (int i = from; i < to; i++) {
            d[i] = (float) Math.tanh(x[i]);
        }
    }

    void gelu(float[] x, float[] d, int from, int to) {
        for (int i = from; i < to; i++) {
            double v = x[i];
            d[i] = (float) (0.5 * v * (1.0 + Math.tanh(GELU_C * (v + GELU_A * v * v * v))));
        }
    }

    void softplus(float[] x, float[] d, int from, int to) {
        for (int i = from; i < to; i++) {
            double v = x[i];
            d[i] = (float) (Math.max(v, 0.0) + Math.log1p(Math.exp(-Math.abs(v))));
        }
    }

    // ---- reductions over a range ----

    double sum(float[] x, int from, int to) {
        double s = 0;
        for (int i = from; i < to; i++) {
            s += x[i];
        }
        return s;
    }

    double sumOfSquares(float[] x, int from, int to) {
        double s = 0;
        for (int i = from; i < to; i++) {
            s += (double) x[i] * x[i];
        }
        return s;
    }

    float max(float[] x, int from, int to) {
        float m = Float.NEGATIVE_INFINITY;
        for (int i = from; i < to; i++) {
            m = Math.max(m, x[i]);
        }
        return m;
    }

    float min(float[] x, int from, int to) {
        float m = Float.POSITIVE_INFINITY;
        for (int i = from; i < to; i++) {
            m = Math.min(m, x[i]);
        }
        return m;
    }

    // ---- rows of a [rows, cols] matrix ----

    void addRowVector(float[] x, float[] row, float[] d, int cols, int rowFrom, int rowTo) {
        for (int i = rowFrom; i < rowTo; i++) {
            int o = i * cols;
            for (int j = 0; j < cols; j++) {
                d[o + j] = x[o + j] + row[j];
            }
        }
    }

    /**
     * A normalising gather, rows {@code [rowFrom, rowTo)}: {@code d[r * cols + j] = (src[offsets[r] + j] - shift[j])
     * * scale[j]}, the difference rounded before the product (no FMA), as {@code Normalizer} computes it.
     */
    void gatherNormalized(float[] src, int[] offsets, float[] shift, float[] scale, float[] d, int cols, int rowFrom,
                          int rowTo) {
        for (int r = rowFrom; r < rowTo; r++) {
            int o = offsets[r];
            int to = r * cols;
            for (int j = 0; j < cols; j++) {
                d[to + j] = (src[o + j] - shift[j]) * scale[j];
            }
        }
    }

    /** {@code d[j] = sum_i x[i][j]} for the columns {@code [colFrom, colTo)}. */
    void sumColumns(float[] x, float[] d, int rows, int cols, int colFrom, int colTo) {
        java.util.Arrays.fill(d, colFrom, colTo, 0f);
        for (int i = 0; i < rows; i++) {
            int o = i * cols;
            for (int j = colFrom; j < colTo; j++) {
                d[j] += x[o + j];
            }
        }
    }

    void sumRows(float[] x, float[] d, int cols, int rowFrom, int rowTo) {
        for (int i = rowFrom; i < rowTo; i++) {
            d[i] = (float) sum(x, i * cols, i * cols + cols);
        }
    }

    void maxRows(float[] x, float[] d, int cols, int rowFrom, int rowTo) {
        for (int i = rowFrom; i < rowTo; i++) {
            d[i] = max(x, i * cols, i * cols + cols);
        }
    }

    void softmaxRows(float[] x, float[] d, int cols, int rowFrom, int rowTo) {
        for (int i = rowFrom; i < rowTo; i++) {
            int o = i * cols;
            float m = max(x, o, o + cols);
            double s = 0;
            for (int j = o; j < o + cols; j++) {
                float e = FloatExp.exp(x[j] - m);
                d[j] = e;
                s += e;
            }
            float inv = (float) (1.0 / s);
            for (int j = o; j < o + cols; j++) {
                d[j] *= inv;
            }
        }
    }

    void logSoftmaxRows(float[] x, float[] d, int cols, int rowFrom, int rowTo) {
        for (int i = rowFrom; i < rowTo; i++) {
            int o = i * cols;
            float m = max(x, o, o + cols);
            double s = 0;
            for (int j = o; j < o + cols; j++) {
                s += FloatExp.exp(x[j] - m);
            }
            // x - m is exact for nearby values; subtracting m + log(s) as one float would round it to the
            // ulp of m (6e-5 at m = 1000)
            float logSum = (float) Math.log(s);
            for (int j = o; j < o + cols; j++) {
                d[j] = (x[j] - m) - logSum;
            }
        }
    }
}
