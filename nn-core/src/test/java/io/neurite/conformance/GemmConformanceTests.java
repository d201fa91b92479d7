package io.neurite.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.neurite.tensor.Backend;
import io.neurite.tensor.Shape;
import io.neurite.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link Backend#gemm}: {@code C = alpha * op(A) op(B) + beta * C} for all four transpose combinations,
 * every combination of m, n, k in {1, 3, 17, 129}, several alpha/beta (beta = 0 must ignore NaN in C),
 * large non-square sizes that cross cache-block and threading thresholds, concurrent callers, and
 * {@code matmul}. Tolerance: {@link Tolerances#gemm}.
 */
public abstract class GemmConformanceTests {

    /** The backend under test. */
    protected abstract Backend backend();

    private static final int[] SIZES = {1, 3, 17, 129};

    /** {alpha, beta}; beta == 0 runs with C full of NaN. */
    private static final float[][] ALPHA_BETA = {{1f, 0f}, {1f, 1f}, {-0.5f, 2f}, {2.5f, 0f}, {0f, 0.5f}, {0f, 0f}};

    static Stream<Arguments> smallCases() {
        List<Arguments> cases = new ArrayList<>();
        for (int m : SIZES) {
            for (int n : SIZES) {
                for (int k : SIZES) {
                    for (int t = 0; t < 4; t++) {
                        cases.add(Arguments.of(m, n, k, (t & 1) != 0, (t & 2) != 0));
                    }
                }
            }
        }
        return cases.stream();
    }

    static Stream<Arguments> largeCases() {
        int[][] mnk = {{257, 263, 251}, {600, 130, 700}, {67, 1031, 515}, {1031, 67, 129}, {520, 520, 520},
                       {128, 10, 784}, {784, 128, 64}};
        List<Arguments> cases = new ArrayList<>();
        for (int[] s : mnk) {
            for (int t = 0; t < 4; t++) {
                cases.add(Arguments.of(s[0], s[1], s[2], (t & 1) != 0, (t & 2) != 0));
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "m={0} n={1} k={2} transA={3} transB={4}")
    @MethodSource("smallCases")
    void smallSizesAllTransposesAndAlphaBeta(int m, int n, int k, boolean transA, boolean transB) {
        for (float[] ab : ALPHA_BETA) {
            check(m, n, k, transA, transB, ab[0], ab[1], 50L + m + 7L * n + 31L * k);
        }
    }

    @ParameterizedTest(name = "m={0} n={1} k={2} transA={3} transB={4}")
    @MethodSource("largeCases")
    void largeNonSquareSizes(int m, int n, int k, boolean transA, boolean transB) {
        check(m, n, k, transA, transB, 1f, 0f, 60L);
        check(m, n, k, transA, transB, -1.5f, 0.75f, 61L);
    }

    /** Runs one gemm and compares it with {@link Reference#gemm}. */
    private void check(int m, int n, int k, boolean transA, boolean transB, float alpha, float beta, long seed) {
        Shape aShape = transA ? Shape.of(k, m) : Shape.of(m, k);
        Shape bShape = transB ? Shape.of(n, k) : Shape.of(k, n);
        float[] a = TestData.uniform(seed, m * k, -1, 1);
        float[] b = TestData.uniform(seed + 1, k * n, -1, 1);
        float[] c = TestData.uniform(seed + 2, m * n, -1, 1);
        if (beta == 0f) {
            java.util.Arrays.fill(c, Float.NaN); // beta = 0 means C's old contents are not read
        }
        Tensor ta = backend().of(a, aShape);
        Tensor tb = backend().of(b, bShape);
        Tensor tc = backend().of(c, Shape.of(m, n));
        backend().gemm(alpha, ta, transA, tb, transB, beta, tc);

        double[] want = Reference.gemm(m, n, k, alpha, a, transA, b, transB, beta, c);
        double[] magnitude = Reference.gemmMagnitude(m, n, k, alpha, a, transA, b, transB, beta, c);
        String what = "gemm(alpha=" + alpha + ", A" + aShape + (transA ? "ᵀ" : "") + ", B" + bShape
                + (transB ? "ᵀ" : "") + ", beta=" + beta + ")";
        Checks.close(what, Shape.of(m, n), want, tc.toFloatArray(), i -> Tolerances.gemm(k, magnitude[i]));
        Checks.unchanged(what, ta, a);
        Checks.unchanged(what, tb, b);
    }

    @Test
    void matmulReturnsANewProduct() {
        float[] a = TestData.uniform(70, 17 * 129, -1, 1);
        float[] b = TestData.uniform(71, 129 * 3, -1, 1);
        Tensor ta = backend().of(a, Shape.of(17, 129));
        Tensor tb = backend().of(b, Shape.of(129, 3));
        Tensor c = ta.matmul(tb);
        assertEquals(Shape.of(17, 3), c.shape());
        double[] mag = Reference.gemmMagnitude(17, 3, 129, 1, a, false, b, false, 0, null);
        Checks.close("matmul", c.shape(), Reference.gemm(17, 3, 129, 1, a, false, b, false, 0, null),
                c.toFloatArray(), i -> Tolerances.gemm(129, mag[i]));
        Checks.close("backend.matmul", c.shape(), Reference.gemm(17, 3, 129, 1, a, false, b, false, 0, null),
                backend().matmul(ta, tb).toFloatArray(), i -> Tolerances.gemm(129, mag[i]));
    }

    @Test
    void gemmOnReshapedViews() {
        // a rank-4 NCHW activation flattened to [batch, features] and multiplied by a weight matrix
        float[] x = TestData.uniform(72, 4 * 3 * 5 * 5, -1, 1);
        float[] w = TestData.uniform(73, 75 * 10, -1, 1);
        Tensor x4 = backend().of(x, Shape.of(4, 3, 5, 5));
        Tensor flat = x4.reshape(Shape.of(4, 75));
        Tensor out = backend().zeros(Shape.of(4, 10));
        backend().gemm(1f, flat, false, backend().of(w, Shape.of(75, 10)), false, 0f, out);
        double[] mag = Reference.gemmMagnitude(4, 10, 75, 1, x, false, w, false, 0, null);
        Checks.close("gemm on a reshaped view", out.shape(), Reference.gemm(4, 10, 75, 1, x, false, w, false, 0, null),
                out.toFloatArray(), i -> Tolerances.gemm(75, mag[i]));
    }

    @Test
    void concurrentCallersGetTheirOwnResults() throws Exception {
        // Backends are thread-safe: several threads may multiply at once (e.g. inference from many threads),
        // so shared packing buffers or scratch space must not leak between calls.
        int threads = 4;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> results = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int size = 150 + 37 * t;
                long seed = 80 + t;
                results.add(pool.submit(() -> {
                    for (int rep = 0; rep < 3; rep++) {
                        check(size, size - 11, size + 5, rep == 1, rep == 2, 1f, 0f, seed);
                    }
                    return null;
                }));
            }
            for (Future<?> f : results) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
