package io.neurite.backend.pure;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Products whose rows fit one block are split by columns on several threads, each task packing its own part of
 * B ({@code Gemm.splitsByColumns}): Dense's products at batch 128. The result is the same bits as on one thread
 * (each element is the same chain of multiply-adds, whichever thread computes its tile) and within float
 * rounding of a double-precision product, for every transpose, alpha and beta, with column slivers that do and
 * do not divide evenly between 2 and 3 threads, on whichever kernel path surefire selects.
 */
class PureGemmColumnSplitTest {
    private static final KernelPath.Kernels PATH = KernelPath.get();
    private static final WorkerPool ONE = new WorkerPool(1, "column-split-test-1");
    private static final WorkerPool TWO = new WorkerPool(2, "column-split-test-2");
    private static final WorkerPool THREE = new WorkerPool(3, "column-split-test-3");

    /**
     * A gemm with MC fixed at 336 rows (whole slivers of the tile), so that the 128-row products fit one block on
     * every machine: the default MC follows L2 and is 60 rows on a 512 KiB L2 with the AVX2 tile.
     */
    private static Gemm gemm(WorkerPool pool) {
        String before = System.getProperty("neurite.gemm.mc");
        System.setProperty("neurite.gemm.mc", "336");
        try {
            return new Gemm(pool, PATH.micro(), PATH.small(), Gemm.SMALL, Gemm.PARALLEL, Gemm.WHOLE_K_FLOATS, false);
        } finally {
            if (before == null) {
                System.clearProperty("neurite.gemm.mc");
            } else {
                System.setProperty("neurite.gemm.mc", before);
            }
        }
    }

    private static float[] values(Random r, int n) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = (float) (r.nextDouble() * 2 - 1);
        }
        return a;
    }

    /** C = alpha op(A) op(B) + beta C on 1, 2 and 3 threads: the same bits, and close to the double product. */
    private static void check(int m, int n, int k, boolean transA, boolean transB, float alpha, float beta) {
        Random random = new Random(31L * m + 7L * n + k);
        assertTrue((long) m * n * k > Gemm.SMALL, "a packed product (above Gemm.SMALL)");
        int lda = transA ? m : k;
        int ldb = transB ? k : n;
        float[] a = values(random, m * k);
        float[] b = values(random, k * n);
        float[] c0 = values(random, m * n);
        String what = m + "x" + n + "x" + k + (transA ? " T" : " N") + (transB ? "T" : "N") + " alpha " + alpha
                + " beta " + beta;
        Gemm two = gemm(TWO);
        assertTrue(two.splitsByColumns(m, n, 2), what + ": expected the column split on 2 threads");
        float[] one = c0.clone();
        gemm(ONE).multiply(m, n, k, alpha, a, lda, transA, b, ldb, transB, beta, one, n);
        float[] c2 = c0.clone();
        two.multiply(m, n, k, alpha, a, lda, transA, b, ldb, transB, beta, c2, n);
        float[] c3 = c0.clone();
        gemm(THREE).multiply(m, n, k, alpha, a, lda, transA, b, ldb, transB, beta, c3, n);
        assertArrayEquals(one, c2, what + ": 2 threads differ from 1");
        assertArrayEquals(one, c3, what + ": 3 threads differ from 1");
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double sum = 0;
                double magnitude = 0;
                for (int p = 0; p < k; p++) {
                    double x = transA ? a[p * lda + i] : a[i * lda + p];
                    double y = transB ? b[j * ldb + p] : b[p * ldb + j];
                    sum += x * y;
                    magnitude += Math.abs(x * y);
                }
                double expected = alpha * sum + beta * c0[i * n + j];
                double tolerance = 1e-6 * (Math.abs(alpha) * magnitude + Math.abs(beta * c0[i * n + j])) + 1e-6;
                assertEquals(expected, one[i * n + j], tolerance, what + " at (" + i + ", " + j + ")");
            }
        }
    }

    @Test
    void denseProductsAtBatch128() {
        check(128, 256, 784, false, false, 1f, 0f);  // X . W
        check(128, 784, 256, false, true, 1f, 0f);   // dY . W^T
        check(128, 128, 256, false, false, 1f, 1f);  // the second layer, accumulating
    }

    @Test
    void transposedOperandsScalingAndRaggedColumns() {
        check(40, 200, 300, true, false, 0.5f, 1f);  // A transposed (packed), 200 columns: ragged slivers
        check(37, 150, 197, true, true, -2f, 0.25f);
        check(12, 129, 640, false, false, 1f, 0f);   // one row sliver, a partial last column sliver
    }

    @Test
    void tallProductsAndNarrowPanelsKeepTheRowSplit() {
        Gemm two = gemm(TWO);
        assertFalse(two.splitsByColumns(1024, 1024, 2), "rows in several blocks (MC is 336): split by rows");
        assertFalse(two.splitsByColumns(128, 3, 2), "one column sliver (3 columns): split by rows");
        assertFalse(gemm(ONE).splitsByColumns(128, 256, 1), "one thread: no split");
    }
}
