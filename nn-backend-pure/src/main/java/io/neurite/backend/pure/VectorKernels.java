package io.neurite.backend.pure;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The element-wise, row-wise and reduction loops on the Vector API: full vectors of
 * {@code SPECIES_PREFERRED} over the body of each range, then the inherited scalar loop over the tail.
 * Vectors are only ever local variables (C2 keeps them in registers and allocates nothing); species live
 * in static final fields so that they are constants to the JIT. Loaded only when the module
 * {@code jdk.incubator.vector} is present (see {@link KernelPath}).
 *
 * <p>Transcendentals use {@link VectorOperators#EXP}, {@code LOG}, {@code TANH} and {@code LOG1P}, which
 * HotSpot backs with the SVML vector math library on x86. GELU and its derivative use the identity
 * {@code 0.5 x (1 + tanh(u)) = x * sigmoid(2u)}, which needs one exp and no cancellation for negative x.
 */
final class VectorKernels extends ScalarKernels {
    static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    static final VectorSpecies<Double> D = DoubleVector.SPECIES_PREFERRED;
    static final int L = S.length();

    private static final float GELU_C2 = (float) (2 * GELU_C);
    private static final float GELU_A3 = (float) (3 * GELU_A);

    @Override
    String describe() {
        return S.vectorBitSize() + "-bit FloatVector, " + L + " lanes";
    }

    private static int bound(int from, int to) {
        return from + S.loopBound(to - from);
    }

    private static FloatVector v(float[] a, int i) {
        return FloatVector.fromArray(S, a, i);
    }

    // ---- binary ----

    @Override
    void add(float[] x, float[] y, float[] d, int from, int to) {
        int i = from;
        for (int end = bound(from, to); i < end; i += L) {
            v(x, i).add(v(y, i)).intoArray(d, i);
        }
        super.add(x, y, d, i, to);
    }

    @Override
    void sub(float[] x, float[] y, float[] d, int from, int to) {
        int i = from;
        for (int end = bound(from, to); i < end; i += L) {
            v(x, i).sub(v(y, i)).intoArray(d, i);
        }
        super.sub(x, y, d, i, to);
    }

    @Override
    void mul(float[] x, float[] y, float[] d, int from, int to) {
        int i = from;
        for (int end = bound(from, to); i < end; i += L) {
            v(x, i).mul(v(y, i)).intoArray(d, i);
        }
        super.mul(x, y, d, i, to);
    }

    @Override
    void div(float[] x, float[] y, float[] d, int from, int to) {
        int i = from;
        for (int end = bound(from, to); i < end; i += L) {
            v(x, i).div(v(y, i)).intoArray(d, i);
        }
        super.div(x, y, d, i, to);
    }

    @Override
    void axpy(float alpha, float[] x, float[] d, int from, int to) {
        FloatVector a = FloatVector.broadcast(S, alpha);
        int i = from;
        for (int end = bound(from, to); i < end; i += L) {
            v(x, i).fma(a, v(d, i)).intoArray(d, i);
        }
        super.axpy(alpha, x, d, i, to);
    }

    @Override
    void reluBackward(float[] x, float[] g, float[] d, int from, int to) {
        FloatVector zero = FloatVector.zero(S);
        int i = from;
        for (int end = bound(from, to); i < end; i += L) {
            zero.blend(v(g, i), v(x, i).compare(VectorOperators.GT, 0f)).intoArray(d, i);
        }
        super.reluBackward(x, g, d, i, to);
    }

    @Override
    void leakyReluBackward(float slope, float[] x, float[] g, float[] d, int from, int to) {
        int i = from;
        for (int end = bound(from, to); i < end; i += L) {
            FloatVector gv = v(g, i);
            gv.mul(slope).blend(gv, v(x, i).compare(VectorOperators.GT, 0f)).intoArray(d, i);
        }
        super.leakyReluBackward(slope, x, g, d, i, to);
    }

    private static FloatVector sigmoid(FloatVector x) {
        // exp(-x) overflows to +inf for x < -88, and 1 / (1 + inf) = 0: the right limit, no NaN
        return FloatVector.broadcast(S, 1f).div(x.neg().lanewise(VectorOperators.EXP).add(1f));
    }

    @Override
    void sigmoidBackward(float[] x, float[] g, float[] d, int from, int to) {
        int i = from;
        for (int end = bound(from, to); i < end; i += L) {
            FloatVector s = sigmoid(v(x, i));
            v(g, i).mul(s).mul(s.neg().add(1f)).intoArray(d, i);
        }
        super.sigmoidBackward(x, g, d, i, to);
    }

    @Override
    void tanhBackward(float[] x, float[] g, float[] d, int from, int to) {
        int i = from;
        for (int end = bound(from, to); i < end; i += L) {
            FloatVector t = v(x, i).lanewise(VectorOperators.TANH);
            v(g, i).mul(t.fma(t.neg(), FloatVector.broadcast(S, 1f))).intoArray(d, i);
        }
        super.tanhBackward(x, g, d, i, to);
    }

    @Override
    void geluBackward(float[] x, float[] g, float[] d, int from, int to) {
        int i = from;
        for (int end = bound(from, to); i < end; i += L) {
            FloatVector xv = v(x, i);
            FloatVector x2 = xv.mul(xv);
            // gelu = x * s with s = sigmoid(2u), u = c (x + a x^3); d/dx = s + x * s (1 - s) * 2 c (1 + 3 a x^2)
            FloatVector s = sigmoid(x2.fma((float) GELU_A, 1f).mul(xv).mul(GELU_C2));
            FloatVector du2 = x2.fma(GELU_A3, 1f).mul(GELU_C2);
            FloatVector ds = s.mul(s.neg().add(1f)).mul(du2).mul(xv);
            v(g, i).mul(s.add(ds)).intoArray(d, i);
        }
        super.geluBackward(x, g, d, i, to);
    }

    // ---- with a scalar ----

    @Override
    void scale(float[] x, float factor, float[] d, int from, int to) {
        int i = from;
        for (int end = bound(from, to); i < end; i += L) {
            v(x, i).mul(factor).intoArray(d, i);
        }
        super.scale(x, factor, d, i, to);
    }

    @Override
    void addScalar(float[] x, float value, float[] d, int from, int to) {
        int i = from;
        for (int end = bound(from, to); i < end; i += L) {
            v(x, i).add(value).intoArray(d, i);
        }
        super.addScalar(x, value, d, i, to);
    }

    @Override
    void clamp(float[] x, float min, float max, float[] d, int from, int to) {
        int i = from;
        for (int end = bound(from, to); i < end; i += L) {
            v(x, i).max(min).min(max).intoArray(d, i);
        }
        super.clamp(x, min, max, d, i, to);
    }

    @Override
    void maxScalar(float[] x, float value, float[] d, int from, int to) {
        int i = from;
        for (int end = bound(from, to); i < end; i += L) {
            v(x, i).max(value).intoArray(d, i);
        }
        super.maxScalar(x, value, d, i, to);
    }

    @Override
    void leakyRelu(float[] x, float slope, float[] d, int from, int to) {
        int i = from;
        for (int end = bound(from, to); i < end; i += L) {
            FloatVector xv = v(x, i);
            xv.mul(slope).blend(xv, xv.compare(VectorOperators.GT, 0f)).intoArray(d, i);
        }
        super.leakyRelu(x, slope, d, i, to);
    }

    // ---- unary ----

    @Override
    void exp(float[] x, float[] d, int from, int to) {
        int i = from;
        for (int end = bound(from, to); i < end; i += L) {
            v(x, i).lanewise(VectorOperators.EXP).intoArray(d, i);
        }
        super.exp(x, d, i, to);
    }

    @Override
    void log(float[] x, float[] d, int from, int to) {
        int i = from;
        for (int end = bound(from, to); i < end; i += L) {
            v(x, i).lanewise(VectorOperators.LOG).intoArray(d, i);
        }
        super.log(x, d, i, to);
    }

    @Override
    void sqrt(float[] x, float[] d, int from, int to) {
        int i = from;
        for (int end = bound(from, to); i < end; i += L) {
            v(x, i).lanewise(VectorOperators.SQRT).intoArray(d, i);
        }
        super.sqrt(x, d, i, to);
    }

    @Override
    void square(float[] x, float[] d, int from, int to) {
        int i = from;
        for (int end = bound(from, to); i < end; i += L) {
            FloatVector xv = v(x, i);
            xv.mul(xv).intoArray(d, i);
        }
        super.square(x, d, i, to);
    }

    @Override
    void abs(float[] x, float[] d, int from, int to) {
        int i = from;
        for (int end = bound(from, to); i < end; i += L) {
            v(x, i).abs().intoArray(d, i);
        }
        super.abs(x, d, i, to);
    }

    @Override
    void relu(float[] x, float[] d, int from, int to) {
        int i = from;
        for (int end = bound(from, to); i < end; i += L) {
            v(x, i).max(0f).intoArray(d, i);
        }
        super.relu(x, d, i, to);
    }

    @Override
    void sigmoid(float[] x, float[] d, int from, int to) {
        int i = from;
        for (int end = bound(from, to); i < end; i += L) {
            sigmoid(v(x, i)).intoArray(d, i);
        }
        super.sigmoid(x, d, i, to);
    }

    @Override
    void tanh(float[] x, float[] d, int from, int to) {
        int i = from;
        for (int end = bound(from, to); i < end; i += L) {
            v(x, i).lanewise(VectorOperators.TANH).intoArray(d, i);
        }
        super.tanh(x, d, i, to);
    }

    @Override
    void gelu(float[] x, float[] d, int from, int to) {
        int i = from;
        for (int end = bound(from, to); i < end; i += L) {
            FloatVector xv = v(x, i);
            FloatVector u2 = xv.mul(xv).fma((float) GELU_A, 1f).mul(xv).mul(GELU_C2);
            xv.mul(sigmoid(u2)).intoArray(d, i);
        }
        super.gelu(x, d, i, to);
    }

    @Override
    void softplus(float[] x, float[] d, int from, int to) {
        int i = from;
        for (int end = bound(from, to); i < end; i += L) {
            FloatVector xv = v(x, i);
            FloatVector tail = xv.abs().neg().lanewise(VectorOperators.EXP).lanewise(VectorOperators.LOG1P);
            xv.max(0f).add(tail).intoArray(d, i);
        }
        super.softplus(x, d, i, to);
    }

    // ---- reductions ----

    @Override
    double sum(float[] x, int from, int to) {
        // widened to double lane by lane, as the contract asks: float accumulators would stall on large sums
        DoubleVector lo = DoubleVector.zero(D);
        DoubleVector hi = DoubleVector.zero(D);
        int i = from;
        for (int end = bound(from, to); i < end; i += L) {
            FloatVector xv = v(x, i);
            lo = lo.add(xv.convertShape(VectorOperators.F2D, D, 0));
            hi = hi.add(xv.convertShape(VectorOperators.F2D, D, 1));
        }
        return lo.add(hi).reduceLanes(VectorOperators.ADD) + super.sum(x, i, to);
    }

    @Override
    double sumOfSquares(float[] x, int from, int to) {
        DoubleVector lo = DoubleVector.zero(D);
        DoubleVector hi = DoubleVector.zero(D);
        int i = from;
        for (int end = bound(from, to); i < end; i += L) {
            FloatVector xv = v(x, i);
            DoubleVector a = (DoubleVector) xv.convertShape(VectorOperators.F2D, D, 0);
            DoubleVector b = (DoubleVector) xv.convertShape(VectorOperators.F2D, D, 1);
            lo = a.fma(a, lo);
            hi = b.fma(b, hi);
        }
        return lo.add(hi).reduceLanes(VectorOperators.ADD) + super.sumOfSquares(x, i, to);
    }

    @Override
    float max(float[] x, int from, int to) {
        int i = from;
        float m = Float.NEGATIVE_INFINITY;
        int end = bound(from, to);
        if (i < end) {
            FloatVector acc = v(x, i);
            for (i += L; i < end; i += L) {
                acc = acc.max(v(x, i));
            }
            m = acc.reduceLanes(VectorOperators.MAX);
        }
        return Math.max(m, super.max(x, i, to));
    }

    @Override
    float min(float[] x, int from, int to) {
        int i = from;
        float m = Float.POSITIVE_INFINITY;
        int end = bound(from, to);
        if (i < end) {
            FloatVector acc = v(x, i);
            for (i += L; i < end; i += L) {
                acc = acc.min(v(x, i));
            }
            m = acc.reduceLanes(VectorOperators.MIN);
        }
        return Math.min(m, super.min(x, i, to));
    }

    /** Sum of {@code x[from, to)} accumulated in float lanes (row sums, softmax normalisers). */
    private static float floatSum(float[] x, int from, int to) {
        FloatVector acc = FloatVector.zero(S);
        int i = from;
        for (int end = bound(from, to); i < end; i += L) {
            acc = acc.add(v(x, i));
        }
        float s = acc.reduceLanes(VectorOperators.ADD);
        for (; i < to; i++) {
            s += x[i];
        }
        return s;
    }

    // ---- rows ----

    @Override
    void addRowVector(float[] x, float[] row, float[] d, int cols, int rowFrom, int rowTo) {
        for (int r = rowFrom; r < rowTo; r++) {
            int o = r * cols;
            int j = 0;
            for (int end = S.loopBound(cols); j < end; j += L) {
                v(x, o + j).add(v(row, j)).intoArray(d, o + j);
            }
            for (; j < cols; j++) {
                d[o + j] = x[o + j] + row[j];
            }
        }
    }

    @Override
    void sumColumns(float[] x, float[] d, int rows, int cols, int colFrom, int colTo) {
        java.util.Arrays.fill(d, colFrom, colTo, 0f);
        int vecEnd = bound(colFrom, colTo);
        for (int r = 0; r < rows; r++) {
            int o = r * cols;
            int j = colFrom;
            for (; j < vecEnd; j += L) {
                v(d, j).add(v(x, o + j)).intoArray(d, j);
            }
            for (; j < colTo; j++) {
                d[j] += x[o + j];
            }
        }
    }

    @Override
    void sumRows(float[] x, float[] d, int cols, int rowFrom, int rowTo) {
        for (int r = rowFrom; r < rowTo; r++) {
            d[r] = floatSum(x, r * cols, r * cols + cols);
        }
    }

    @Override
    void maxRows(float[] x, float[] d, int cols, int rowFrom, int rowTo) {
        for (int r = rowFrom; r < rowTo; r++) {
            d[r] = max(x, r * cols, r * cols + cols);
        }
    }

    @Override
    void softmaxRows(float[] x, float[] d, int cols, int rowFrom, int rowTo) {
        for (int r = rowFrom; r < rowTo; r++) {
            int o = r * cols;
            int end = o + S.loopBound(cols);
            float m = max(x, o, o + cols);
            FloatVector sum = FloatVector.zero(S);
            int j = o;
            for (; j < end; j += L) {
                FloatVector e = v(x, j).sub(m).lanewise(VectorOperators.EXP);
                e.intoArray(d, j);
                sum = sum.add(e);
            }
            float s = sum.reduceLanes(VectorOperators.ADD);
            for (; j < o + cols; j++) {
                float e = (float) Math.exp(x[j] - m);
                d[j] = e;
                s += e;
            }
            float inv = 1f / s;
            j = o;
            for (; j < end; j += L) {
                v(d, j).mul(inv).intoArray(d, j);
            }
            for (; j < o + cols; j++) {
                d[j] *= inv;
            }
        }
    }

    @Override
    void logSoftmaxRows(float[] x, float[] d, int cols, int rowFrom, int rowTo) {
        for (int r = rowFrom; r < rowTo; r++) {
            int o = r * cols;
            int end = o + S.loopBound(cols);
            float m = max(x, o, o + cols);
            FloatVector sum = FloatVector.zero(S);
            int j = o;
            for (; j < end; j += L) {
                sum = sum.add(v(x, j).sub(m).lanewise(VectorOperators.EXP));
            }
            double s = sum.reduceLanes(VectorOperators.ADD);
            for (; j < o + cols; j++) {
                s += Math.exp(x[j] - m);
            }
            float logSum = (float) Math.log(s);
            j = o;
            for (; j < end; j += L) {
                v(x, j).sub(m).sub(logSum).intoArray(d, j);
            }
            for (; j < o + cols; j++) {
                d[j] = (x[j] - m) - logSum;
            }
        }
    }
}
