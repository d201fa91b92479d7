package io.neurite.backend.nd4j;

import io.neurite.kernel.ElementwiseFunction;
import java.nio.FloatBuffer;

/**
 * Element-wise, row-wise and reduction loops written in Java over a tensor's native memory. They serve two
 * purposes: the ops where libnd4j M2.1 has no op with the Tensor contract's semantics (see {@link Nd4jTensor}),
 * and the ops whose libnd4j call costs more than the loop itself. An ND4J op object executed through
 * {@code Nd4j.getExecutioner()} allocates 2.6-7.8 KB of descriptors, pointers and shape buffers per call and
 * takes 10-40 µs of set-up: more than a training step of the MLP spends on the arithmetic of its bias adds,
 * masks and loss, and the bulk of the garbage a training step made (issue 14). These loops allocate nothing.
 *
 * <p>Each element-wise loop reads element {@code i} of every operand before writing element {@code i} of
 * {@code dest}, so {@code dest} may be any operand. The arithmetic is the pure backend's scalar path
 * ({@code ScalarKernels}), in the same order, so both backends agree to the bit where the pure backend
 * runs its scalar loops, and to rounding elsewhere.
 */
final class NativeKernels {
    private static final double GELU_C = Math.sqrt(2.0 / Math.PI);

    private NativeKernels() {
    }

    /** {@code d = f(x)} from the function's scalar definition (the generic activation path). */
    static void forward(ElementwiseFunction f, FloatBuffer x, FloatBuffer d, int n) {
        for (int i = 0; i < n; i++) {
            d.put(i, (float) f.apply(x.get(i)));
        }
    }

    /** {@code d = g * f'(x)}, the product in double, rounded once (the generic activation path). */
    static void backward(ElementwiseFunction f, FloatBuffer x, FloatBuffer g, FloatBuffer d, int n) {
        for (int i = 0; i < n; i++) {
            d.put(i, (float) (g.get(i) * f.derivative(x.get(i))));
        }
    }

    // ---- binary, with a scalar, unary ----

    static void add(FloatBuffer x, FloatBuffer y, FloatBuffer d, int n) {
        for (int i = 0; i < n; i++) {
            d.put(i, x.get(i) + y.get(i));
        }
    }

    static void sub(FloatBuffer x, FloatBuffer y, FloatBuffer d, int n) {
        for (int i = 0; i < n; i++) {
            d.put(i, x.get(i) - y.get(i));
        }
    }

    static void mul(FloatBuffer x, FloatBuffer y, FloatBuffer d, int n) {
        for (int i = 0; i < n; i++) {
            d.put(i, x.get(i) * y.get(i));
        }
    }

    static void div(FloatBuffer x, FloatBuffer y, FloatBuffer d, int n) {
        for (int i = 0; i < n; i++) {
            d.put(i, x.get(i) / y.get(i));
        }
    }

    static void scale(FloatBuffer x, float factor, FloatBuffer d, int n) {
        for (int i = 0; i < n; i++) {
            d.put(i, x.get(i) * factor);
        }
    }

    static void addScalar(FloatBuffer x, float value, FloatBuffer d, int n) {
        for (int i = 0; i < n; i++) {
            d.put(i, x.get(i) + value);
        }
    }

    static void fill(FloatBuffer d, float value, int n) {
        for (int i = 0; i < n; i++) {
            d.put(i, value);
        }
    }

    static void exp(FloatBuffer x, FloatBuffer d, int n) {
        for (int i = 0; i < n; i++) {
            d.put(i, (float) Math.exp(x.get(i)));
        }
    }

    static void log(FloatBuffer x, FloatBuffer d, int n) {
        for (int i = 0; i < n; i++) {
            d.put(i, (float) Math.log(x.get(i)));
        }
    }

    static void sqrt(FloatBuffer x, FloatBuffer d, int n) {
        for (int i = 0; i < n; i++) {
            d.put(i, (float) Math.sqrt(x.get(i)));
        }
    }

    static void square(FloatBuffer x, FloatBuffer d, int n) {
        for (int i = 0; i < n; i++) {
            float v = x.get(i);
            d.put(i, v * v);
        }
    }

    static void abs(FloatBuffer x, FloatBuffer d, int n) {
        for (int i = 0; i < n; i++) {
            d.put(i, Math.abs(x.get(i)));
        }
    }

    // ---- activations ----

    static void relu(FloatBuffer x, FloatBuffer d, int n) {
        for (int i = 0; i < n; i++) {
            d.put(i, Math.max(x.get(i), 0f));
        }
    }

    /** {@code d = x > 0 ? g : 0}, without a branch: see {@link #positiveMask(float)}. */
    static void reluBackward(FloatBuffer x, FloatBuffer g, FloatBuffer d, int n) {
        for (int i = 0; i < n; i++) {
            d.put(i, Float.intBitsToFloat(Float.floatToRawIntBits(g.get(i)) & positiveMask(x.get(i))));
        }
    }

    /**
     * All ones when {@code x > 0} (positive, non-zero, not NaN), else 0. ReLU's backward pass selects on the
     * sign of its input, which is random in a network: written as {@code x > 0f ? g : 0f} the loop ran at one
     * branch misprediction per few elements (15.6 ms for the CNN's 3.2M elements, against 2.1 ms without the
     * branch). The float {@code x > 0} exactly when its bits {@code b} are in {@code [1, 0x7F800000]}
     * (+min subnormal to +infinity), i.e. when both {@code b - 1} and {@code 0x7F7FFFFF - (b - 1)} are
     * non-negative; -0.0 ({@code 0x80000000}) wraps to a large {@code b - 1} and fails the second test.
     */
    static int positiveMask(float x) {
        int t = Float.floatToRawIntBits(x) - 1;
        return ~((t | (0x7F7FFFFF - t)) >> 31);
    }

    static void leakyRelu(FloatBuffer x, float slope, FloatBuffer d, int n) {
        for (int i = 0; i < n; i++) {
            float v = x.get(i);
            d.put(i, v > 0f ? v : slope * v);
        }
    }

    // ---- rows of a [rows, cols] matrix ----

    static void addRowVector(FloatBuffer x, FloatBuffer row, FloatBuffer d, int rows, int cols) {
        for (int i = 0; i < rows; i++) {
            int o = i * cols;
            for (int j = 0; j < cols; j++) {
                d.put(o + j, x.get(o + j) + row.get(j));
            }
        }
    }

    /** {@code d[j] = sum_i x[i][j]}, accumulated in float in row order (as the pure backend does). */
    static void sumColumns(FloatBuffer x, FloatBuffer d, int rows, int cols) {
        for (int j = 0; j < cols; j++) {
            d.put(j, 0f);
        }
        for (int i = 0; i < rows; i++) {
            int o = i * cols;
            for (int j = 0; j < cols; j++) {
                d.put(j, d.get(j) + x.get(o + j));
            }
        }
    }

    /** {@code d[i] = sum_j x[i][j]}, accumulated in double. */
    static void sumRows(FloatBuffer x, FloatBuffer d, int rows, int cols) {
        for (int i = 0; i < rows; i++) {
            int o = i * cols;
            double s = 0;
            for (int j = o; j < o + cols; j++) {
                s += x.get(j);
            }
            d.put(i, (float) s);
        }
    }

    /** The index of each row's first maximum (NaN is never a maximum, as in the pure backend). */
    static int[] argmaxRows(FloatBuffer x, int rows, int cols) {
        int[] out = new int[rows];
        for (int i = 0; i < rows; i++) {
            int o = i * cols;
            int best = 0;
            float bestValue = x.get(o);
            for (int j = 1; j < cols; j++) {
                float v = x.get(o + j);
                if (v > bestValue) {
                    best = j;
                    bestValue = v;
                }
            }
            out[i] = best;
        }
        return out;
    }

    /** {@code exp(x - max)} per row, divided by its sum (accumulated in double); {@code d} may be {@code x}. */
    static void softmaxRows(FloatBuffer x, int rows, int cols, FloatBuffer d) {
        for (int i = 0; i < rows; i++) {
            int o = i * cols;
            float m = Float.NEGATIVE_INFINITY;
            for (int j = o; j < o + cols; j++) {
                m = Math.max(m, x.get(j));
            }
            double s = 0;
            for (int j = o; j < o + cols; j++) {
                float e = (float) Math.exp(x.get(j) - m);
                d.put(j, e);
                s += e;
            }
            float inv = (float) (1.0 / s);
            for (int j = o; j < o + cols; j++) {
                d.put(j, d.get(j) * inv);
            }
        }
    }

    static void clamp(FloatBuffer x, float min, float max, FloatBuffer d, int n) {
        for (int i = 0; i < n; i++) {
            d.put(i, Math.min(Math.max(x.get(i), min), max));
        }
    }

    static void maxScalar(FloatBuffer x, float value, FloatBuffer d, int n) {
        for (int i = 0; i < n; i++) {
            d.put(i, Math.max(x.get(i), value));
        }
    }

    static void leakyReluBackward(FloatBuffer x, float slope, FloatBuffer g, FloatBuffer d, int n) {
        for (int i = 0; i < n; i++) {
            float gi = g.get(i);
            d.put(i, x.get(i) > 0f ? gi : slope * gi);
        }
    }

    static void tanhBackward(FloatBuffer x, FloatBuffer g, FloatBuffer d, int n) {
        for (int i = 0; i < n; i++) {
            double t = Math.tanh(x.get(i));
            d.put(i, (float) (g.get(i) * (1.0 - t * t)));
        }
    }

    static void gelu(FloatBuffer x, FloatBuffer d, int n) {
        for (int i = 0; i < n; i++) {
            double v = x.get(i);
            d.put(i, (float) (0.5 * v * (1.0 + Math.tanh(GELU_C * (v + 0.044715 * v * v * v)))));
        }
    }

    static void geluBackward(FloatBuffer x, FloatBuffer g, FloatBuffer d, int n) {
        for (int i = 0; i < n; i++) {
            double v = x.get(i);
            double t = Math.tanh(GELU_C * (v + 0.044715 * v * v * v));
            double dt = (1.0 - t * t) * GELU_C * (1.0 + 3 * 0.044715 * v * v);
            d.put(i, (float) (g.get(i) * (0.5 * (1.0 + t) + 0.5 * v * dt)));
        }
    }

    static void softplus(FloatBuffer x, FloatBuffer d, int n) {
        for (int i = 0; i < n; i++) {
            double v = x.get(i);
            d.put(i, (float) (Math.max(v, 0.0) + Math.log1p(Math.exp(-Math.abs(v)))));
        }
    }

    /** {@code d[i] = max_j x[i][j]}; NaN propagates as in {@link Math#max(float, float)}. */
    static void maxRows(FloatBuffer x, int rows, int cols, FloatBuffer d) {
        for (int i = 0; i < rows; i++) {
            int o = i * cols;
            float m = Float.NEGATIVE_INFINITY;
            for (int j = 0; j < cols; j++) {
                m = Math.max(m, x.get(o + j));
            }
            d.put(i, m);
        }
    }

    /** The stable form {@code x - max - log(sum(exp(x - max)))} per row; {@code d} may be {@code x}. */
    static void logSoftmaxRows(FloatBuffer x, int rows, int cols, FloatBuffer d) {
        for (int i = 0; i < rows; i++) {
            int o = i * cols;
            float m = Float.NEGATIVE_INFINITY;
            for (int j = 0; j < cols; j++) {
                m = Math.max(m, x.get(o + j));
            }
            double s = 0;
            for (int j = 0; j < cols; j++) {
                s += Math.exp(x.get(o + j) - m);
            }
            // (x - m) is exact for nearby values; subtracting m + log(s) as one float would round it to the ulp
            // of m (6e-5 at m = 1000).
            float logSum = (float) Math.log(s);
            for (int j = 0; j < cols; j++) {
                d.put(o + j, (x.get(o + j) - m) - logSum);
            }
        }
    }

    static float sum(FloatBuffer x, int n) {
        double s = 0;
        for (int i = 0; i < n; i++) {
            s += x.get(i);
        }
        return (float) s;
    }

    static float sumOfSquares(FloatBuffer x, int n) {
        double s = 0;
        for (int i = 0; i < n; i++) {
            double v = x.get(i);
            s += v * v;
        }
        return (float) s;
    }

    static float max(FloatBuffer x, int n) {
        float m = Float.NEGATIVE_INFINITY;
        for (int i = 0; i < n; i++) {
            m = Math.max(m, x.get(i));
        }
        return m;
    }

    static float min(FloatBuffer x, int n) {
        float m = Float.POSITIVE_INFINITY;
        for (int i = 0; i < n; i++) {
            m = Math.min(m, x.get(i));
        }
        return m;
    }
}
