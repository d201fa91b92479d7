package io.neurite.backend.pure;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The element-wise, row-wise and reduction loops on the Vector API: full vectors of
 * {@code SPECIES_PREFERRED} over the body of each range, then the inherited scalar loop over the tail.
 * Vectors are only ever local variables (C2 keeps them in registers and allocates nothing); species live
 * in static final fields so that they are constants to the JIT. Loaded only when the module
 * {@code jdk.incubator.vector} is present (see {@link KernelPath}).
 *
 * <p>The Vector API's own transcendental functions ({@code lanewise(EXP)}, {@code LOG}, {@code TANH}) are never
 * used: they compute with {@code Math} in the interpreter and C1 but with an intrinsic vector math library once C2
 * compiles the loop, and the two differ in the last bits. The same input then gave different outputs before and
 * after warm-up, which broke bit-identical predictions across threads
 * (SequentialTests.predictFromEightThreadsMatchesSequentialResults). {@code exp} is vectorised by
 * {@link VectorExp}, which computes {@link FloatExp}'s polynomial in lanes with the scalar path's bits; log,
 * tanh, GELU and softplus stay the inherited scalar {@code Math} loops.
 */
final class VectorKernels extends ScalarKernels {
    static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    static final VectorSpecies<Double> D = DoubleVector.SPECIES_PREFERRED;
    static final int L = S.length();

    @Override
    String describe() {
        return S.vectorBitSize() + "-bit FloatVector, " + L + " lanes";
    }

    /**
     * Below this many elements an operation takes the inherited scalar loop. The loss and the last Dense layer
     * call their kernels once per training step on small tensors ([batch, classes]); at ten steps a second
     * (the CNN) C2 took minutes to compile those vector loops on their own, and until then every vector was a
     * heap object: 120 KB of garbage per step. Scalar loops allocate nothing even when interpreted, and at this
     * size they cost a microsecond or two. The batch-norm and pooling kernels keep the same rule in files of
     * their own ({@code PureNormalizationKernels}, {@code PurePoolingKernels}).
     */
    static final int SMALL = 4096;

    private static int bound(int from, int to) {
        return from + S.loopBound(to - from);
    }

    // Loads are written out as FloatVector.fromArray(S, ...) at every use, never through a helper method
    // returning a FloatVector: the Vector API's own methods are @ForceInline, a helper is not. When C2
    // inlines these kernels into a large caller (Adam's update, say) it may run out of inlining budget for
    // the helper, and then every vector the helper returns is boxed on the heap. On JDK 17 a
    // `v(a, i)` helper cost 2.8 MB of garbage per training step that way.

    // ---- binary ----

    @Override
    void add(float[] x, float[] y, float[] d, int from, int to) {
        if (to - from < SMALL) {
            super.add(x, y, d, from, to);
            return;
        }
        int i = from;
        for (int end = bound(from, to); i < end; i += L) {
            FloatVector.fromArray(S, x, i).add(FloatVector.fromArray(S, y, i)).intoArray(d, i);
        }
        super.add(x, y, d, i, to);
    }

    @Override
    void sub(float[] x, float[] y, float[] d, int from, int to) {
        if (to - from < SMALL) {
            super.sub(x, y, d, from, to);
            return;
        }
        int i = from;
        for (int end = bound(from, to); i < end; i += L) {
            FloatVector.fromArray(S, x, i).sub(FloatVector.fromArray(S, y, i)).intoArray(d, i);
        }
        super.sub(x, y, d, i, to);
    }

    @Override
    void mul(float[] x, float[] y, float[] d, int from, int to) {
        if (to - from < SMALL) {
            super.mul(x, y, d, from, to);
            return;
        }
        int i = from;
        for (int end = bound(from, to); i < end; i += L) {
            FloatVector.fromArray(S, x, i).mul(FloatVector.fromArray(S, y, i)).intoArray(d, i);
        }
        super.mul(x, y, d, i, to);
    }

    @Override
    void div(float[] x, float[] y, float[] d, int from, int to) {
        if (to - from < SMALL) {
            super.div(x, y, d, from, to);
            return;
        }
        int i = from;
        for (int end = bound(from, to); i < end; i += L) {
            FloatVector.fromArray(S, x, i).div(FloatVector.fromArray(S, y, i)).intoArray(d, i);
        }
        super.div(x, y, d, i, to);
    }

    @Override
    void axpy(float alpha, float[] x, float[] d, int from, int to) {
        if (to - from < SMALL) {
            super.axpy(alpha, x, d, from, to);
            return;
        }
        FloatVector a = FloatVector.broadcast(S, alpha);
        int i = from;
        for (int end = bound(from, to); i < end; i += L) {
            // a product and a sum, not a fused multiply-add: the scalar loop (small ranges, the tail) rounds
            // twice, and the same element must get the same bits on either path (see PureBackend.parallelElements)
            FloatVector.fromArray(S, x, i).mul(a).add(FloatVector.fromArray(S, d, i)).intoArray(d, i);
        }
        super.axpy(alpha, x, d, i, to);
    }

    @Override
    void reluBackward(float[] x, float[] g, float[] d, int from, int to) {
        if (to - from < SMALL) {
            super.reluBackward(x, g, d, from, to);
            return;
        }
        FloatVector zero = FloatVector.zero(S);
        int i = from;
        for (int end = bound(from, to); i < end; i += L) {
            VectorMask<Float> positive = FloatVector.fromArray(S, x, i).compare(VectorOperators.GT, 0f);
            zero.blend(FloatVector.fromArray(S, g, i), positive).intoArray(d, i);
        }
        super.reluBackward(x, g, d, i, to);
    }

    @Override
    void leakyReluBackward(float slope, float[] x, float[] g, float[] d, int from, int to) {
        if (to - from < SMALL) {
            super.leakyReluBackward(slope, x, g, d, from, to);
            return;
        }
        int i = from;
        for (int end = bound(from, to); i < end; i += L) {
            FloatVector gv = FloatVector.fromArray(S, g, i);
            gv.mul(slope).blend(gv, FloatVector.fromArray(S, x, i).compare(VectorOperators.GT, 0f)).intoArray(d, i);
        }
        super.leakyReluBackward(slope, x, g, d, i, to);
    }

    // ---- with a scalar ----

    @Override
    void scale(float[] x, float factor, float[] d, int from, int to) {
        if (to - from < SMALL) {
            super.scale(x, factor, d, from, to);
            return;
        }
        int i = from;
        for (int end = bound(from, to); i < end; i += L) {
            FloatVector.fromArray(S, x, i).mul(factor).intoArray(d, i);
        }
        super.scale(x, factor, d, i, to);
    }

    @Override
    void addScalar(float[] x, float value, float[] d, int from, int to) {
        if (to - from < SMALL) {
            super.addScalar(x, value, d, from, to);
            return;
        }
        int i = from;
        for (int end = bound(from, to); i < end; i += L) {
            FloatVector.fromArray(S, x, i).add(value).intoArray(d, i);
        }
        super.addScalar(x, value, d, i, to);
    }

    @Override
    void clamp(float[] x, float min, float max, float[] d, int from, int to) {
        if (to - from < SMALL) {
            super.clamp(x, min, max, d, from, to);
            return;
        }
        int i = from;
        for (int end = bound(from, to); i < end; i += L) {
            FloatVector.fromArray(S, x, i).max(min).min(max).intoArray(d, i);
        }
        super.clamp(x, min, max, d, i, to);
    }

    @Override
    void maxScalar(float[] x, float value, float[] d, int from, int to) {
        if (to - from < SMALL) {
            super.maxScalar(x, value, d, from, to);
            return;
        }
        int i = from;
        for (int end = bound(from, to); i < end; i += L) {
            FloatVector.fromArray(S, x, i).max(value).intoArray(d, i);
        }
        super.maxScalar(x, value, d, i, to);
    }

    @Override
    void leakyRelu(float[] x, float slope, float[] d, int from, int to) {
        if (to - from < SMALL) {
            super.leakyRelu(x, slope, d, from, to);
            return;
        }
        int i = from;
        for (int end = bound(from, to); i < end; i += L) {
            FloatVector xv = FloatVector.fromArray(S, x, i);
            xv.mul(slope).blend(xv, xv.compare(VectorOperators.GT, 0f)).intoArray(d, i);
        }
        super.leakyRelu(x, slope, d, i, to);
    }

    // ---- unary ----

    @Override
    void exp(float[] x, float[] d, int from, int to) {
        if (to - from < SMALL) {
            super.exp(x, d, from, to);
            return;
        }
        VectorExp.exp(x, d, from, to);
    }

    @Override
    void sqrt(float[] x, float[] d, int from, int to) {
        if (to - from < SMALL) {
            super.sqrt(x, d, from, to);
            return;
        }
        int i = from;
        for (int end = bound(from, to); i < end; i += L) {
            FloatVector.fromArray(S, x, i).lanewise(VectorOperators.SQRT).intoArray(d, i);
        }
        super.sqrt(x, d, i, to);
    }

    @Override
    void square(float[] x, float[] d, int from, int to) {
        if (to - from < SMALL) {
            super.square(x, d, from, to);
            return;
        }
        int i = from;
        for (int end = bound(from, to); i < end; i += L) {
            FloatVector xv = FloatVector.fromArray(S, x, i);
            xv.mul(xv).intoArray(d, i);
        }
        super.square(x, d, i, to);
    }

    @Override
    void abs(float[] x, float[] d, int from, int to) {
        if (to - from < SMALL) {
            super.abs(x, d, from, to);
            return;
        }
        int i = from;
        for (int end = bound(from, to); i < end; i += L) {
            FloatVector.fromArray(S, x, i).abs().intoArray(d, i);
        }
        super.abs(x, d, i, to);
    }

    @Override
    void relu(float[] x, float[] d, int from, int to) {
        if (to - from < SMALL) {
            super.relu(x, d, from, to);
            return;
        }
        int i = from;
        for (int end = bound(from, to); i < end; i += L) {
            FloatVector.fromArray(S, x, i).max(0f).intoArray(d, i);
        }
        super.relu(x, d, i, to);
    }

    // ---- reductions ----

    @Override
    double sum(float[] x, int from, int to) {
        if (to - from < SMALL) {
            return super.sum(x, from, to);
        }
        // widened to double lane by lane, as the contract asks: float accumulators would stall on large sums
        DoubleVector lo = DoubleVector.zero(D);
        DoubleVector hi = DoubleVector.zero(D);
        int i = from;
        for (int end = bound(from, to); i < end; i += L) {
            FloatVector xv = FloatVector.fromArray(S, x, i);
            lo = lo.add(xv.convertShape(VectorOperators.F2D, D, 0));
            hi = hi.add(xv.convertShape(VectorOperators.F2D, D, 1));
        }
        return VectorReductions.sum(lo.add(hi)) + super.sum(x, i, to);
    }

    @Override
    double sumOfSquares(float[] x, int from, int to) {
        if (to - from < SMALL) {
            return super.sumOfSquares(x, from, to);
        }
        DoubleVector lo = DoubleVector.zero(D);
        DoubleVector hi = DoubleVector.zero(D);
        int i = from;
        for (int end = bound(from, to); i < end; i += L) {
            FloatVector xv = FloatVector.fromArray(S, x, i);
            DoubleVector a = (DoubleVector) xv.convertShape(VectorOperators.F2D, D, 0);
            DoubleVector b = (DoubleVector) xv.convertShape(VectorOperators.F2D, D, 1);
            lo = a.fma(a, lo);
            hi = b.fma(b, hi);
        }
        return VectorReductions.sum(lo.add(hi)) + super.sumOfSquares(x, i, to);
    }

    @Override
    float max(float[] x, int from, int to) {
        if (to - from < SMALL) {
            return super.max(x, from, to);
        }
        int i = from;
        float m = Float.NEGATIVE_INFINITY;
        int end = bound(from, to);
        if (i < end) {
            FloatVector acc = FloatVector.fromArray(S, x, i);
            for (i += L; i < end; i += L) {
                acc = acc.max(FloatVector.fromArray(S, x, i));
            }
            m = acc.reduceLanes(VectorOperators.MAX);
        }
        return Math.max(m, super.max(x, i, to));
    }

    @Override
    float min(float[] x, int from, int to) {
        if (to - from < SMALL) {
            return super.min(x, from, to);
        }
        int i = from;
        float m = Float.POSITIVE_INFINITY;
        int end = bound(from, to);
        if (i < end) {
            FloatVector acc = FloatVector.fromArray(S, x, i);
            for (i += L; i < end; i += L) {
                acc = acc.min(FloatVector.fromArray(S, x, i));
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
            acc = acc.add(FloatVector.fromArray(S, x, i));
        }
        float s = VectorReductions.sum(acc);
        for (; i < to; i++) {
            s += x[i];
        }
        return s;
    }

    // ---- rows ----

    @Override
    void addRowVector(float[] x, float[] row, float[] d, int cols, int rowFrom, int rowTo) {
        if ((rowTo - rowFrom) * cols < SMALL) {
            super.addRowVector(x, row, d, cols, rowFrom, rowTo);
            return;
        }
        for (int r = rowFrom; r < rowTo; r++) {
            int o = r * cols;
            int j = 0;
            for (int end = S.loopBound(cols); j < end; j += L) {
                FloatVector.fromArray(S, x, o + j).add(FloatVector.fromArray(S, row, j)).intoArray(d, o + j);
            }
            for (; j < cols; j++) {
                d[o + j] = x[o + j] + row[j];
            }
        }
    }

    @Override
    void gatherNormalized(float[] src, int[] offsets, float[] shift, float[] scale, float[] d, int cols, int rowFrom,
                          int rowTo) {
        // With the inherited scalar loop alone the Fashion-MNIST job trained for 9.4-10.0 s against 8.9-9.1 s with
        // a plain gather of a normalised copy (4 runs each in turns, the Xeon, JDK 17); with this loop 8.8-9.1 s.
        if ((rowTo - rowFrom) * cols < SMALL) {
            super.gatherNormalized(src, offsets, shift, scale, d, cols, rowFrom, rowTo);
            return;
        }
        for (int r = rowFrom; r < rowTo; r++) {
            int o = offsets[r];
            int to = r * cols;
            int j = 0;
            for (int end = S.loopBound(cols); j < end; j += L) {
                FloatVector.fromArray(S, src, o + j).sub(FloatVector.fromArray(S, shift, j))
                        .mul(FloatVector.fromArray(S, scale, j)).intoArray(d, to + j);
            }
            for (; j < cols; j++) {
                d[to + j] = (src[o + j] - shift[j]) * scale[j];
            }
        }
    }

    @Override
    void sumColumns(float[] x, float[] d, int rows, int cols, int colFrom, int colTo) {
        if (rows * (colTo - colFrom) < SMALL) {
            super.sumColumns(x, d, rows, cols, colFrom, colTo);
            return;
        }
        java.util.Arrays.fill(d, colFrom, colTo, 0f);
        int vecEnd = bound(colFrom, colTo);
        for (int r = 0; r < rows; r++) {
            int o = r * cols;
            int j = colFrom;
            for (; j < vecEnd; j += L) {
                FloatVector.fromArray(S, d, j).add(FloatVector.fromArray(S, x, o + j)).intoArray(d, j);
            }
            for (; j < colTo; j++) {
                d[j] += x[o + j];
            }
        }
    }

    @Override
    void sumRows(float[] x, float[] d, int cols, int rowFrom, int rowTo) {
        if ((rowTo - rowFrom) * cols < SMALL) {
            super.sumRows(x, d, cols, rowFrom, rowTo);
            return;
        }
        for (int r = rowFrom; r < rowTo; r++) {
            d[r] = floatSum(x, r * cols, r * cols + cols);
        }
    }

    @Override
    void maxRows(float[] x, float[] d, int cols, int rowFrom, int rowTo) {
        if ((rowTo - rowFrom) * cols < SMALL) {
            super.maxRows(x, d, cols, rowFrom, rowTo);
            return;
        }
        for (int r = rowFrom; r < rowTo; r++) {
            d[r] = max(x, r * cols, r * cols + cols);
        }
    }
}
