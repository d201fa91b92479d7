package io.neurite.backend.pure;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Method;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Every register tile the kernel choice can pick, at whatever vector width this run has (the build runs it
 * at 512, 256 and 128 bits), against a double-precision reference, with B packed and with B read in place
 * through a row-offset table; and the choice itself: the tile picked for
 * each width and register count fits that register file.
 */
class PureMicroKernelsTest {

    @Test
    void everyTileMatchesADoublePrecisionReference() throws Exception {
        Assumptions.assumeTrue(KernelPath.get().simd(), "the tiles are Vector API code");
        Method named = Class.forName(getClass().getPackageName() + ".VectorMicroKernels")
                .getDeclaredMethod("named", String.class);
        SplittableRandom random = new SplittableRandom(11);
        for (String shape : shapes()) {
            MicroKernel kernel = (MicroKernel) named.invoke(null, shape);
            for (int kc : new int[] {1, 2, 7, 100}) {
                int mr = kernel.mr();
                int nr = kernel.nr();
                int ldc = nr + 3; // C is a window of a wider matrix
                float[] ap = values(random, 5 + kc * mr);
                float[] bp = values(random, 9 + kc * nr);
                float[] c = values(random, mr * ldc + 2);
                float[] expected = c.clone();
                for (int i = 0; i < mr; i++) {
                    for (int j = 0; j < nr; j++) {
                        double sum = c[2 + i * ldc + j];
                        for (int p = 0; p < kc; p++) {
                            sum += (double) ap[5 + p * mr + i] * bp[9 + p * nr + j];
                        }
                        expected[2 + i * ldc + j] = (float) sum;
                    }
                }
                kernel.multiplyAdd(kc, ap, 5, bp, 9, c, 2, ldc);
                for (int x = 0; x < c.length; x++) {
                    // outside the tile C is untouched; inside, float accumulation of kc products of |v| <= 1
                    assertEquals(expected[x], c[x], 1e-5 * (kc + 1), shape + ", kc " + kc + ", element " + x);
                }
            }
        }
    }

    /** {@link MicroKernel#multiplyAddRows} and {@code multiplyAddStrided}: B rows read in place at scattered offsets. */
    @Test
    void everyTileReadsBRowsInPlaceAsTheReferenceDoes() throws Exception {
        java.util.List<MicroKernel> kernels = new java.util.ArrayList<>();
        kernels.add(new ScalarMicroKernel());
        if (KernelPath.get().simd()) {
            Method named = Class.forName(getClass().getPackageName() + ".VectorMicroKernels")
                    .getDeclaredMethod("named", String.class);
            for (String shape : shapes()) {
                kernels.add((MicroKernel) named.invoke(null, shape));
            }
        }
        SplittableRandom random = new SplittableRandom(12);
        for (MicroKernel kernel : kernels) {
            for (int kc : new int[] {1, 7, 100}) {
                int mr = kernel.mr();
                int nr = kernel.nr();
                int ldc = nr + 3;
                float[] ap = values(random, 5 + kc * mr);
                float[] b = values(random, 4 * kc + 2 * nr + 11);
                int[] rowOff = new int[kc + 3];
                for (int p = 0; p < rowOff.length; p++) {
                    rowOff[p] = random.nextInt(4 * kc + nr); // any order, rows overlapping
                }
                int rowFrom = 3;
                int col = 7;
                float[] c = values(random, mr * ldc + 2);
                float[] expected = c.clone();
                for (int i = 0; i < mr; i++) {
                    for (int j = 0; j < nr; j++) {
                        double sum = c[2 + i * ldc + j];
                        for (int p = 0; p < kc; p++) {
                            sum += (double) ap[5 + p * mr + i] * b[rowOff[rowFrom + p] + col + j];
                        }
                        expected[2 + i * ldc + j] = (float) sum;
                    }
                }
                float[] rowsC = c.clone();
                kernel.multiplyAddRows(kc, ap, 5, b, rowOff, rowFrom, col, rowsC, 2, ldc);
                // the same A as mr rows lda apart, read in place
                int lda = kc + 2;
                float[] a = new float[4 + mr * lda];
                for (int i = 0; i < mr; i++) {
                    for (int p = 0; p < kc; p++) {
                        a[4 + i * lda + p] = ap[5 + p * mr + i];
                    }
                }
                float[] stridedC = c.clone();
                kernel.multiplyAddStrided(kc, a, 4, lda, b, rowOff, rowFrom, col, stridedC, 2, ldc);
                for (int x = 0; x < c.length; x++) {
                    assertEquals(expected[x], rowsC[x], 1e-5 * (kc + 1), kernel.describe() + ", kc " + kc
                            + ", element " + x);
                    assertEquals(expected[x], stridedC[x], 1e-5 * (kc + 1), kernel.describe() + ", A strided, kc "
                            + kc + ", element " + x);
                }
            }
        }
    }

    @Test
    void theChosenTileFitsTheRegisterFile() throws Exception {
        Assumptions.assumeTrue(KernelPath.get().simd(), "the choice lives in the Vector API class");
        Method tileFor = Class.forName(getClass().getPackageName() + ".VectorMicroKernels")
                .getDeclaredMethod("tileFor", int.class, int.class);
        for (int bits : new int[] {128, 256, 512}) {
            for (int registers : new int[] {16, 32}) {
                String shape = (String) tileFor.invoke(null, bits, registers);
                String[] tile = shape.replaceAll("[a-z]+$", "").split("x"); // "6x2b": the 6x2 tile, lean loop
                int rows = Integer.parseInt(tile[0]);
                int vectors = Integer.parseInt(tile[1]);
                assertTrue(java.util.Arrays.asList(shapes()).contains(shape), shape + " is not generated");
                int live = rows * vectors + vectors + 1; // accumulators, B vectors, one broadcast
                assertTrue(live <= registers, bits + " bits, " + registers + " registers: tile " + rows + "x"
                        + vectors + " needs " + live);
                // enough independent FMA chains for 2 pipes x 4 cycles of latency
                assertTrue(rows * vectors >= 8, bits + " bits, " + registers + " registers: " + rows * vectors
                        + " accumulators");
            }
        }
    }

    /** Every shape the generated class knows, unrolled variants included. */
    private static String[] shapes() throws Exception {
        return (String[]) Class.forName(PureMicroKernelsTest.class.getPackageName() + ".VectorMicroKernels")
                .getDeclaredField("SHAPES").get(null);
    }

    private static float[] values(SplittableRandom random, int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) (random.nextDouble() * 2 - 1);
        }
        return v;
    }
}
