package io.neurite.backend.pure;

/**
 * The sgemm driver, {@code C = alpha * op(A) op(B) + beta * C} on row-major arrays with leading
 * dimensions, in the style of BLIS (Van Zee &amp; van de Geijn, "BLIS: A Framework for Rapidly
 * Instantiating BLAS Functionality", 2015):
 *
 * <pre>
 * for each C tile (MC x NC)            -- one task; tasks run on the WorkerPool
 *   C tile *= beta
 *   for pc in 0..k step KC              -- k-block
 *     pack op(B)[pc.., tile cols]        -- KC x NC, kept in L2
 *     pack alpha * op(A)[tile rows, pc..] -- MC x KC, kept in L2
 *     for jr step NR: for ir step MR     -- a KC x NR sliver of B stays in L1 across the ir loop
 *       micro-kernel: C[MR x NR] += Ap sliver * Bp sliver
 * </pre>
 *
 * Products with {@code m * n * k <= SMALL} skip packing ({@link SmallGemm}). Everything about the kernel
 * lives in this class, {@link GemmPacking}, {@link SmallGemm} and the {@link MicroKernel} implementations,
 * so the kernel can be replaced as a unit.
 */
final class Gemm {
    /** k-block: a KC x NR sliver of packed B (KC * NR * 4 bytes) must sit in L1 beside a sliver of A. */
    static final int KC = 256;
    /** Rows of C per task: the packed A block, MC * KC * 4 = 128 KB, stays in L2 (1 MB here). */
    static final int MC = 128;
    /** Columns of C per task: the packed B panel, KC * NC * 4 = 512 KB, shares L2 with the A block. */
    static final int NC = 512;
    /** At or below this many multiply-adds, packing costs more than it saves. */
    static final long SMALL = 40L * 40 * 40;
    /** Below this many multiply-adds one thread is faster than waking the others. */
    static final long PARALLEL = 96L * 96 * 96;

    private final WorkerPool pool;
    private final MicroKernel kernel;
    private final int mr;
    private final int nr;

    /** Per-thread packing buffers, grown on demand and then reused: no allocation per call. */
    private static final class Scratch {
        float[] ap = new float[0];
        float[] bp = new float[0];
        float[] tile = new float[0];
    }

    private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

    Gemm(WorkerPool pool, MicroKernel kernel) {
        this.pool = pool;
        this.kernel = kernel;
        this.mr = kernel.mr();
        this.nr = kernel.nr();
    }

    String describe() {
        return "packed sgemm with a " + kernel.describe();
    }

    void multiply(int m, int n, int k, float alpha, float[] a, int lda, boolean transA,
                  float[] b, int ldb, boolean transB, float beta, float[] c, int ldc) {
        if (alpha == 0f || k == 0) {
            scale(c, ldc, 0, m, 0, n, beta);
            return;
        }
        long work = (long) m * n * k;
        if (work <= SMALL) {
            SmallGemm.multiply(m, n, k, alpha, a, lda, transA, b, ldb, transB, beta, c, ldc);
            return;
        }
        int threads = work < PARALLEL ? 1 : pool.threads();
        // Tile sizes: the cache-friendly maxima, shrunk (in whole slivers) until there are enough tiles to
        // keep every thread busy with some slack for an uneven finish.
        int mc = Math.min(MC, roundUp(m, mr));
        int nc = Math.min(NC, roundUp(n, nr));
        int wanted = threads == 1 ? 1 : 3 * threads;
        while (ceilDiv(m, mc) * ceilDiv(n, nc) < wanted && (mc > mr || nc > nr)) {
            if (nc >= 2 * mc && nc > nr || mc <= mr) {
                nc = roundUp(nc / 2, nr);
            } else {
                mc = roundUp(mc / 2, mr);
            }
        }
        int tilesN = ceilDiv(n, nc);
        int tasks = ceilDiv(m, mc) * tilesN;
        final int fmc = mc;
        final int fnc = nc;
        WorkerPool.Job job = t -> {
            int i0 = (t / tilesN) * fmc;
            int j0 = (t % tilesN) * fnc;
            tile(i0, Math.min(fmc, m - i0), j0, Math.min(fnc, n - j0), k, alpha, a, lda, transA, b, ldb, transB,
                    beta, c, ldc);
        };
        if (threads == 1) {
            for (int t = 0; t < tasks; t++) {
                job.run(t);
            }
        } else {
            pool.run(tasks, job);
        }
    }

    /** One task: the C tile {@code [i0, i0+rows) x [j0, j0+cols)}, over the whole of k. */
    private void tile(int i0, int rows, int j0, int cols, int k, float alpha, float[] a, int lda, boolean transA,
                      float[] b, int ldb, boolean transB, float beta, float[] c, int ldc) {
        Scratch s = SCRATCH.get();
        int kcMax = Math.min(KC, k);
        float[] ap = s.ap.length >= roundUp(rows, mr) * kcMax ? s.ap : (s.ap = new float[roundUp(MC, mr) * KC]);
        float[] bp = s.bp.length >= roundUp(cols, nr) * kcMax ? s.bp : (s.bp = new float[roundUp(NC, nr) * KC]);
        float[] tile = s.tile.length >= mr * nr ? s.tile : (s.tile = new float[mr * nr]);

        scale(c, ldc, i0, i0 + rows, j0, j0 + cols, beta);
        for (int pc = 0; pc < k; pc += KC) {
            int kc = Math.min(KC, k - pc);
            GemmPacking.packB(b, ldb, transB, pc, kc, j0, cols, nr, bp);
            GemmPacking.packA(a, lda, transA, i0, rows, pc, kc, alpha, mr, ap);
            for (int jr = 0; jr < cols; jr += nr) {
                int nrValid = Math.min(nr, cols - jr);
                int bpOff = (jr / nr) * kc * nr;
                for (int ir = 0; ir < rows; ir += mr) {
                    int mrValid = Math.min(mr, rows - ir);
                    int apOff = (ir / mr) * kc * mr;
                    int cOff = (i0 + ir) * ldc + j0 + jr;
                    if (mrValid == mr && nrValid == nr) {
                        kernel.multiplyAdd(kc, ap, apOff, bp, bpOff, c, cOff, ldc);
                    } else {
                        // an edge: compute the full tile aside, then add the part inside C
                        java.util.Arrays.fill(tile, 0f);
                        kernel.multiplyAdd(kc, ap, apOff, bp, bpOff, tile, 0, nr);
                        for (int i = 0; i < mrValid; i++) {
                            for (int j = 0; j < nrValid; j++) {
                                c[cOff + i * ldc + j] += tile[i * nr + j];
                            }
                        }
                    }
                }
            }
        }
    }

    /** {@code C[rows][cols] *= beta}, where beta = 0 overwrites with zeros (so NaN in C is ignored). */
    static void scale(float[] c, int ldc, int r0, int r1, int c0, int c1, float beta) {
        if (beta == 1f) {
            return;
        }
        for (int i = r0; i < r1; i++) {
            int o = i * ldc;
            if (beta == 0f) {
                java.util.Arrays.fill(c, o + c0, o + c1, 0f);
            } else {
                for (int j = o + c0; j < o + c1; j++) {
                    c[j] *= beta;
                }
            }
        }
    }

    static int ceilDiv(int a, int b) {
        return (a + b - 1) / b;
    }

    static int roundUp(int a, int b) {
        return ceilDiv(a, b) * b;
    }
}
