package io.neurite.backend.nd4j;

import io.neurite.kernel.ElementwiseFunction;
import java.nio.FloatBuffer;

/**
 * Element-wise kernels written in Java over a tensor's native memory, for the ops where libnd4j M2.1 has
 * no op with the Tensor contract's semantics (see {@link Nd4jTensor}), and the generic path of the activation kernels. Each is one pass reading element
 * {@code i} of every operand before writing element {@code i} of {@code dest}, so {@code dest} may be any
 * operand. The arithmetic is the pure backend's, so both backends agree to rounding.
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
