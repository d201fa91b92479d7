package io.neurite.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.neurite.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The benchmarked products compute what they claim, on the pure backend and on raw ND4J alike, so that the
 * report's ratios compare the same arithmetic: op(A)·op(B) against a plain triple loop over the same
 * seeded inputs, including the Dense layer's transposed products.
 */
class GemmCaseTest {

    /** The expected {@code [m, n]} result from the seeded operands, read with the case's transposes. */
    private static float[] reference(int m, int n, int k, boolean transA, boolean transB) {
        float[] a = BenchData.uniform(m * k, 1);
        float[] b = BenchData.uniform(k * n, 2);
        float[] c = new float[m * n];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double sum = 0;
                for (int p = 0; p < k; p++) {
                    float av = transA ? a[p * m + i] : a[i * k + p];
                    float bv = transB ? b[j * k + p] : b[p * n + j];
                    sum += (double) av * bv;
                }
                c[i * n + j] = (float) sum;
            }
        }
        return c;
    }

    @ParameterizedTest(name = "{0}: m={1} n={2} k={3} transA={4} transB={5}")
    @CsvSource({
        "pure, 33, 17, 29, false, false",
        "pure, 12, 40, 9, false, true",
        "pure, 40, 12, 9, true, false",
        "nd4j-raw, 33, 17, 29, false, false",
        "nd4j-raw, 12, 40, 9, false, true",
        "nd4j-raw, 40, 12, 9, true, false"
    })
    void productMatchesPlainLoops(String backend, int m, int n, int k, boolean transA, boolean transB) {
        GemmCase gemm = GemmCase.create(backend, 1, m, n, k, transA, transB);
        Object c = gemm.multiply();
        float[] actual = c instanceof Tensor ? ((Tensor) c).toFloatArray() : ((INDArray) c).reshape(m * n).toFloatVector();
        assertArrayEquals(reference(m, n, k, transA, transB), actual, 1e-4f * k,
                backend + " gemm disagrees with the reference: the benchmark would time the wrong product");
    }

    @Test
    void denseProductsHaveTheLayersShapes() {
        GemmBenchmark.Dense dense = new GemmBenchmark.Dense();
        dense.backend = "pure";
        dense.threads = 1;
        assertEquals("[128, 256]", ((Tensor) dense.forward().multiply()).shape().toString());
        assertEquals("[128, 784]", ((Tensor) dense.backwardInput().multiply()).shape().toString());
        assertEquals("[784, 256]", ((Tensor) dense.backwardWeights().multiply()).shape().toString());
    }
}
