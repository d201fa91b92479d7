package io.neurite.backend.pure;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The SIMD packing ({@code VectorGemmPacking}) writes exactly what the scalar packing writes, for every tile
 * shape the kernels have (not only this width's), both transposes, alpha 1 and not, k-blocks that are and are
 * not whole vectors, and slivers cut off at the edge of the matrix. Surefire runs it at 512, 256 and 128 bits.
 */
class PureGemmPackingTest {
    private static final int[][] TILES = {{12, 32}, {8, 32}, {14, 32}, {5, 16}, {6, 16}, {4, 24}, {8, 8}, {3, 24}};

    private GemmPacking vector;
    private final GemmPacking scalar = new GemmPacking();

    @BeforeEach
    void simdOnly() throws ReflectiveOperationException {
        Assumptions.assumeTrue(KernelPath.get().simd(), "VectorGemmPacking is Vector API code");
        vector = (GemmPacking) Class.forName(GemmPacking.class.getPackageName() + ".VectorGemmPacking")
                .getDeclaredConstructor().newInstance();
    }

    @Test
    void packsAAsTheScalarLoopsDo() {
        for (int[] tile : TILES) {
            int mr = tile[0];
            for (boolean trans : new boolean[] {false, true}) {
                for (int[] mk : new int[][] {{61, 77}, {128, 784}, {mr, 16}, {3 * mr + 1, 33}}) {
                    int m = mk[0];
                    int k = mk[1];
                    float[] a = random(m * k, m + k);
                    int lda = trans ? m : k;
                    for (float alpha : new float[] {1f, -0.5f}) {
                        for (int[] block : new int[][] {{0, m, 0, k}, {1, m - 1, 3, Math.min(k - 3, 17)}}) {
                            int i0 = block[0];
                            int rows = block[1];
                            int p0 = block[2];
                            int kc = block[3];
                            int size = Gemm.roundUp(rows, mr) * kc + GemmPacking.SLACK + 5;
                            float[] want = new float[size];
                            float[] got = new float[size];
                            scalar.packA(a, lda, trans, i0, rows, p0, kc, alpha, mr, want, 5);
                            vector.packA(a, lda, trans, i0, rows, p0, kc, alpha, mr, got, 5);
                            int used = 5 + Gemm.roundUp(rows, mr) * kc;
                            assertArrayEquals(java.util.Arrays.copyOf(want, used), java.util.Arrays.copyOf(got, used),
                                    "packA mr=" + mr + " trans=" + trans + " " + m + "x" + k + " alpha=" + alpha
                                            + " rows " + i0 + "+" + rows + " k " + p0 + "+" + kc);
                        }
                    }
                }
            }
        }
    }

    @Test
    void packsBAsTheScalarLoopsDo() {
        for (int[] tile : TILES) {
            int nr = tile[1];
            for (boolean trans : new boolean[] {false, true}) {
                for (int[] kn : new int[][] {{77, 61}, {784, 256}, {16, nr}, {33, 3 * nr + 1}}) {
                    int k = kn[0];
                    int n = kn[1];
                    float[] b = random(k * n, k * 7 + n);
                    int ldb = trans ? k : n;
                    for (int[] block : new int[][] {{0, k, 0, n}, {3, Math.min(k - 3, 17), 1, n - 1}}) {
                        int p0 = block[0];
                        int kc = block[1];
                        int j0 = block[2];
                        int cols = block[3];
                        int size = Gemm.roundUp(cols, nr) * kc + 7;
                        float[] want = new float[size];
                        float[] got = new float[size];
                        scalar.packB(b, ldb, trans, p0, kc, j0, cols, nr, want, 7);
                        vector.packB(b, ldb, trans, p0, kc, j0, cols, nr, got, 7);
                        assertArrayEquals(want, got, "packB nr=" + nr + " trans=" + trans + " " + k + "x" + n
                                + " k " + p0 + "+" + kc + " cols " + j0 + "+" + cols);
                    }
                }
            }
        }
    }

    private static float[] random(int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) (r.nextDouble() * 2 - 1);
        }
        return x;
    }
}
