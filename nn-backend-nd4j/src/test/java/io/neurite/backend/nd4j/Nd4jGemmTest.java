package io.neurite.backend.nd4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.neurite.tensor.Backend;
import io.neurite.tensor.SeededRandom;
import io.neurite.tensor.Shape;
import io.neurite.tensor.Tensor;
import org.bytedeco.javacpp.Pointer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code gemm} against a triple loop in double: every transpose combination, odd and degenerate sizes,
 * alpha and beta, NaN in C with beta 0, and no native allocation per call.
 *
 * <p>Tolerance: |C - ref| <= 1e-5 * (1 + sum_p |alpha a_ip b_pj| + |beta c_ij|), the float rounding bound
 * of a k-term dot product (OpenBLAS's kernels reorder the sum).
 */
class Nd4jGemmTest {
    static final Backend ND4J = Nd4jTestBackends.MAIN;

    @ParameterizedTest(name = "m={0} n={1} k={2} transA={3} transB={4} alpha={5} beta={6}")
    @CsvSource({
        "1, 1, 1, false, false, 1, 0",
        "1, 7, 3, false, false, 1, 0",
        "5, 1, 9, true, false, 1, 0",
        "3, 4, 1, false, true, 1, 0",
        "17, 13, 29, false, false, 1, 0",
        "17, 13, 29, true, false, 1, 0",
        "17, 13, 29, false, true, 1, 0",
        "17, 13, 29, true, true, 1, 0",
        "64, 33, 100, false, false, -0.5, 1",
        "128, 10, 256, false, true, 1, 0.25",
        "256, 128, 64, true, false, 2, -1",
        "300, 257, 129, true, true, 0.7, 0.3",
    })
    void matchesTripleLoop(int m, int n, int k, boolean transA, boolean transB, float alpha, float beta) {
        SeededRandom r = new SeededRandom(m * 31L + n * 7L + k);
        Shape sa = transA ? Shape.of(k, m) : Shape.of(m, k);
        Shape sb = transB ? Shape.of(n, k) : Shape.of(k, n);
        float[] a = r.normal(sa.size(), 0f, 1f);
        float[] b = r.normal(sb.size(), 0f, 1f);
        float[] c = r.normal(m * n, 0f, 1f);
        Tensor tc = ND4J.of(c, Shape.of(m, n));
        ND4J.gemm(alpha, ND4J.of(a, sa), transA, ND4J.of(b, sb), transB, beta, tc);
        float[] got = tc.toFloatArray();
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double ref = beta * (double) c[i * n + j];
                double mag = Math.abs(ref);
                for (int p = 0; p < k; p++) {
                    double aip = transA ? a[p * m + i] : a[i * k + p];
                    double bpj = transB ? b[j * k + p] : b[p * n + j];
                    ref += alpha * aip * bpj;
                    mag += Math.abs(alpha * aip * bpj);
                }
                double err = Math.abs(got[i * n + j] - ref);
                if (err > 1e-5 * (1 + mag)) {
                    throw new AssertionError("C[" + i + "][" + j + "] = " + got[i * n + j] + " but the reference is "
                            + ref + " (m=" + m + " n=" + n + " k=" + k + " transA=" + transA + " transB=" + transB + ")");
                }
            }
        }
    }

    @Test
    void betaZeroIgnoresNaNInC() {
        Tensor a = ND4J.of(new float[] {1, 2, 3, 4}, 2, 2);
        Tensor c = ND4J.full(Shape.of(2, 2), Float.NaN);
        ND4J.gemm(1f, a, false, a, false, 0f, c);
        assertEquals("[7.0, 10.0, 15.0, 22.0]", java.util.Arrays.toString(c.toFloatArray()));
    }

    @Test
    void matmulAllocatesOnlyItsResult() {
        Tensor a = ND4J.of(new float[] {1, 2, 3, 4, 5, 6}, 2, 3);
        Tensor b = ND4J.of(new float[] {1, 0, 0, 1, 1, 1}, 3, 2);
        assertEquals("[4.0, 5.0, 10.0, 11.0]", java.util.Arrays.toString(a.matmul(b).toFloatArray()));
    }

    /** Transposed operands are read in place: repeated calls allocate no native memory. */
    @Test
    void gemmAllocatesNoNativeMemory() {
        Tensor a = ND4J.randomNormal(Shape.of(64, 128), 0f, 1f, 1);
        Tensor b = ND4J.randomNormal(Shape.of(32, 64), 0f, 1f, 2);
        Tensor c = ND4J.zeros(128, 32);
        for (int i = 0; i < 50; i++) { // warm-up: lets OpenBLAS set up its thread buffers
            ND4J.gemm(1f, a, true, b, true, 0f, c);
        }
        long before = Pointer.totalBytes();
        for (int i = 0; i < 2000; i++) {
            ND4J.gemm(1f, a, true, b, true, 0.5f, c);
        }
        long grown = Pointer.totalBytes() - before;
        assertTrue(grown <= 0, "2000 gemm calls grew JavaCPP's native allocations by " + grown + " bytes");
    }
}
