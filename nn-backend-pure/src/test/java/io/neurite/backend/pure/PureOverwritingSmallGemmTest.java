package io.neurite.backend.pure;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The unpacked product with beta = 0 overwrites C without zeroing it first ({@code VectorSmallGemm}): every tile,
 * edge and scalar column must then write each element of C, and give the bits that zeroing C and adding would
 * (which is what it did before, so a trained model's bits do not change with it). Checked against beta = 1 on a
 * zeroed C, with C full of NaN for beta = 0 (an element the tiles miss stays NaN), bit for bit, on sizes that
 * reach every tile of both register files: 8 or 6 rows x 2 vectors, 4 x 2, 4 x 1, 1 x 1 and the scalar columns.
 */
class PureOverwritingSmallGemmTest {

    @Test
    void betaZeroOverwritesEveryElementWithTheBitsOfZeroingFirst() {
        SmallGemm small = KernelPath.get().small();
        int lanes = KernelPath.get().simd() ? VectorSmallGemm.L : 8;
        Random random = new Random(11);
        // rows: whole 8- and 6-row tiles, a 4-row tile and single rows; columns: two-vector tiles, one vector, a rest
        int[] rowCounts = {1, 5, 13, 29};
        int[] columnCounts = {3, lanes + 3, 3 * lanes + 5};
        for (int m : rowCounts) {
            for (int n : columnCounts) {
                for (int k : new int[] {1, 17}) {
                    for (boolean transA : new boolean[] {false, true}) {
                        for (float alpha : new float[] {1f, -0.5f}) {
                            float[] a = values(random, m * k);
                            float[] b = values(random, k * n);
                            int lda = transA ? m : k;
                            float[] overwritten = new float[m * n];
                            Arrays.fill(overwritten, Float.NaN);
                            small.multiply(m, n, k, alpha, a, lda, transA, b, n, false, 0f, overwritten, n);
                            float[] added = new float[m * n];
                            small.multiply(m, n, k, alpha, a, lda, transA, b, n, false, 1f, added, n);
                            assertArrayEquals(added, overwritten, 0f, m + "x" + n + "x" + k + (transA ? " Aᵀ" : "")
                                    + " alpha " + alpha + " on " + KernelPath.get().name());
                            for (int i = 0; i < added.length; i++) {
                                if (Float.floatToRawIntBits(added[i]) != Float.floatToRawIntBits(overwritten[i])) {
                                    throw new AssertionError("element " + i + " of " + m + "x" + n + "x" + k + ": "
                                            + overwritten[i] + " against " + added[i] + " (the sign of a zero?)");
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    /** Values with exact zeros and negative products among them, so that -0 sums occur. */
    private static float[] values(Random random, int count) {
        float[] v = new float[count];
        for (int i = 0; i < count; i++) {
            v[i] = random.nextInt(5) == 0 ? 0f : random.nextFloat() - 0.5f;
        }
        return v;
    }
}
