package io.neurite.backend.pure;

/**
 * The sgemm driver, {@code C = alpha * op(A) op(B) + beta * C} on row-major arrays with leading
 * dimensions, in the style of BLIS (Van Zee &amp; van de Geijn, "BLIS: A Framework for Rapidly
 * Instantiating BLAS Functionality", ACM TOMS 2015):
 *
 * <pre>
 * for jc in 0..n step NC                       -- a panel of C's columns
 *   job 1: pack op(B)[all k, jc..] once          -- k x NC, shared by all threads (tasks: groups of slivers)
 *   job 2: for each block of C's rows (tasks)    -- about MC rows, sized so threads finish together
 *            C block *= beta
 *            for pc in 0..k step KC              -- a k-block
 *              pack alpha * op(A)[rows, pc..]    -- MC x KC, per thread, stays in L2
 *              for jr step NR: for ir step MR    -- a KC x NR sliver of B stays in L1 across the ir loop
 *                micro-kernel: C[MR x NR] += Ap sliver * Bp sliver
 * </pre>
 *
 * When the packed panel would exceed {@code WHOLE_K_FLOATS}, the two jobs run once per KC-block of k
 * instead. Each job runs on the {@link WorkerPool}; the end of one job is the barrier before the next. Products with
 * {@code m * n * k <= SMALL} skip packing (a {@link SmallGemm}), split by rows over the threads from
 * {@code PARALLEL} up where the small gemm can; below {@code PARALLEL} one thread does all.
 * Everything about the kernel lives in this class, {@link GemmPacking} and the {@link SmallGemm} and
 * {@link MicroKernel} implementations, so the kernel can be replaced as a unit.
 *
 * <p>The block sizes are chosen per kernel tile and cache sizes at start-up ({@link GemmBlocking}); they and the
 * thresholds can be overridden for tuning experiments with {@code -Dneurite.gemm.kc}, {@code .mc},
 * {@code .nc}, {@code .small} and {@code .parallel}; the defaults are explained in docs/pure-backend.md.
 */
final class Gemm {
    /** At or below this many multiply-adds, packing costs more than it saves. */
    static final long SMALL = TuningProperties.positiveLong("neurite.gemm.small", 96L * 96 * 96);
    /** Largest packed B panel (in floats, 8 MB) for which all of k is packed in one go. */
    static final int WHOLE_K_FLOATS = TuningProperties.positiveInt("neurite.gemm.wholek", 2 * 1024 * 1024);
    /** Below this many multiply-adds one thread is faster than waking the others. */
    static final long PARALLEL = TuningProperties.positiveLong("neurite.gemm.parallel", 64L * 64 * 64);

    private final WorkerPool pool;
    private final MicroKernel kernel;
    private final SmallGemm small;
    private final int mr;
    private final int nr;
    /** The k-block, and MC and NC in whole slivers of this kernel (see {@link GemmBlocking}). */
    private final GemmBlocking blocking;
    private final int kc;
    private final int mcMax;
    private final int ncMax;
    private final long smallThreshold;
    private final long parallelThreshold;
    private final long wholeKFloats;
    private final boolean warmUp;
    /** Packs the operands (its transposed-A copies are SIMD on the SIMD path). */
    private final GemmPacking packing = KernelPath.simdOrScalar(GemmPacking.class, "VectorGemmPacking",
            new GemmPacking());
    /** Whether A may be read in place (see {@link #aInPlace}). */
    private final boolean readsAInPlace;
    /** {@code p * nr} for every k-index of a block: the row offsets of a packed B sliver, for the strided kernel. */
    private final int[] packedRows;

    /**
     * With the thresholds (tests force every product through one path with them) and whether the kernels are
     * the Vector API ones, which are compiled ahead of the first sizeable product (see {@link KernelWarmUp}).
     */
    Gemm(WorkerPool pool, MicroKernel kernel, SmallGemm small, long smallThreshold, long parallelThreshold,
         long wholeKFloats, boolean warmUp) {
        this.warmUp = warmUp;
        this.smallThreshold = smallThreshold;
        this.wholeKFloats = wholeKFloats;
        this.parallelThreshold = parallelThreshold;
        this.pool = pool;
        this.kernel = kernel;
        this.small = small;
        this.mr = kernel.mr();
        this.nr = kernel.nr();
        this.blocking = GemmBlocking.choose(mr, nr, CpuCaches.detected());
        this.kc = blocking.kc();
        this.mcMax = blocking.mc();
        this.ncMax = blocking.nc();
        this.readsAInPlace = kernel.readsStridedAFast() && !TuningProperties.flag("neurite.gemm.packA", false);
        this.packedRows = new int[Math.max(kc, 1)];
        for (int p = 0; p < packedRows.length; p++) {
            packedRows[p] = p * nr;
        }
    }

    String describe() {
        return "packed with a " + kernel.describe() + ", blocking " + blocking.describe();
    }

    GemmBlocking blocking() {
        return blocking;
    }

    MicroKernel microKernel() {
        return kernel;
    }

    void multiply(int m, int n, int k, float alpha, float[] a, int lda, boolean transA,
                  float[] b, int ldb, boolean transB, float beta, float[] c, int ldc) {
        if (alpha == 0f || k == 0) {
            scale(c, ldc, 0, m, 0, n, beta);
            return;
        }
        long work = (long) m * n * k;
        warmUp(work);
        int threads = work < parallelThreshold ? 1 : pool.threads();
        if (work <= smallThreshold) {
            int tile = small.rowTile();
            if (threads > 1 && m >= 2 * tile && small.splitsRows(n, transB)) {
                // Unpacked, but still worth two threads from PARALLEL up: n = 64 takes about 6 us on one
                // Zen 4 core, and a pool dispatch about 1 us. Each task takes whole register tiles of rows.
                SmallJob job = SMALL_JOBS.get();
                job.init(small, Math.min(threads, m / tile), tile, m, n, k, alpha, a, lda, transA, b, ldb, beta, c,
                        ldc);
                try {
                    pool.run(job.tasks, job);
                } finally {
                    job.clear();
                }
            } else {
                small.multiply(m, n, k, alpha, a, lda, transA, b, ldb, transB, beta, c, ldc);
            }
            return;
        }
        Job job = JOBS.get();
        job.init(this, m, k, alpha, a, lda, transA, b, ldb, transB, beta, c, ldc);
        int panelWidth = Math.min(ncMax, roundUp(n, nr));
        // Pack all of k at once when the packed panel is small enough to stay in the last-level cache:
        // two pool jobs per product instead of two per k-block, which matters for mid-sized products.
        int kStep = (long) k * panelWidth <= wholeKFloats ? k : kc;
        int needed = Math.min(kStep, k) * panelWidth;
        if (job.bp.length < needed) {
            job.bp = new float[Math.max(needed, 64 * 1024)];
        }
        try {
            for (int jc = 0; jc < n; jc += ncMax) {
                job.panel(jc, Math.min(ncMax, n - jc), threads);
                for (int pc = 0; pc < k; pc += kStep) {
                    job.pcFrom = pc;
                    job.pcTo = Math.min(k, pc + kStep);
                    if (job.packsOwnColumns) {
                        run(job, job.colTasks, threads);
                        continue;
                    }
                    job.packing = true;
                    run(job, job.packTasks, threads);
                    job.packing = false;
                    run(job, job.rowTasks * job.colTasks, threads);
                }
            }
        } finally {
            job.clear();
        }
    }

    /**
     * Whether a packed product of {@code m} rows and a panel of {@code nc} columns on {@code threads} threads is
     * split by columns, each task packing its own part of B ({@code Job.packsOwnColumns}): all rows fit one
     * block and there are at least two column slivers per thread.
     */
    boolean splitsByColumns(int m, int nc, int threads) {
        return PACK_OWN_COLUMNS && threads > 1 && ceilDiv(ceilDiv(m, mr), mcMax / mr) == 1
                && ceilDiv(nc, nr) >= 2 * threads;
    }

    /** Whether a product of {@code work} multiply-adds runs unpacked (on the {@link SmallGemm}). */
    boolean small(long work) {
        return work <= smallThreshold;
    }

    /**
     * Before a product of {@code work} multiply-adds that calls the micro-kernel: waits for the kernels'
     * warm-up compile where that product is large enough to trigger one (see {@link KernelWarmUp}). The
     * convolution kernels, which drive the micro-kernel themselves, call it too.
     */
    void warmUp(long work) {
        if (warmUp && work >= KernelWarmUp.WORK) {
            KernelWarmUp.once(kernel, small);
        }
    }

    private void run(Job job, int tasks, int threads) {
        if (threads == 1 || tasks == 1) {
            for (int t = 0; t < tasks; t++) {
                job.run(t);
            }
        } else {
            pool.run(tasks, job);
        }
    }

    /**
     * One multiplication as a pool job, in two phases (packing B, then computing). One object
     * per calling thread, filled in and reused, so that a multiplication allocates nothing; it also owns
     * the shared packed-B buffer.
     */
    private static final class Job implements WorkerPool.Job {
        Gemm gemm;
        int m;
        int k;
        float alpha;
        float[] a;
        int lda;
        boolean transA;
        float[] b;
        int ldb;
        boolean transB;
        float beta;
        float[] c;
        int ldc;
        /** The packed B panel, shared by the tasks of this multiplication. */
        float[] bp = new float[0];

        int jc;
        int nc;
        /** The k-range of the current pair of jobs: one KC block, or all of k at once. */
        int pcFrom;
        int pcTo;
        boolean packing;
        /** Slivers of rows (of MR) and of columns (of NR) in the panel, and how tasks divide them. */
        int rowSlivers;
        int colSlivers;
        int rowTasks;
        int colTasks;
        int packTasks;
        /**
         * Each task packs the B slivers of its own columns and then multiplies all rows by them: one job
         * instead of two, and no packed B read from the other core's cache ({@link #panel}).
         */
        boolean packsOwnColumns;

        void init(Gemm gemm, int m, int k, float alpha, float[] a, int lda, boolean transA, float[] b, int ldb,
                  boolean transB, float beta, float[] c, int ldc) {
            this.gemm = gemm;
            this.m = m;
            this.k = k;
            this.alpha = alpha;
            this.a = a;
            this.lda = lda;
            this.transA = transA;
            this.b = b;
            this.ldb = ldb;
            this.transB = transB;
            this.beta = beta;
            this.c = c;
            this.ldc = ldc;
        }

        /**
         * Divides the panel of {@code nc} columns at {@code jc} into tasks: blocks of at most MC rows, their
         * number rounded up to a multiple of the threads so that all finish together (in whole slivers, so
         * blocks differ by at most one sliver); if there are too few rows to go round, the columns are
         * divided too.
         */
        void panel(int jc, int nc, int threads) {
            this.jc = jc;
            this.nc = nc;
            int mr = gemm.mr;
            rowSlivers = ceilDiv(m, mr);
            colSlivers = ceilDiv(nc, gemm.nr);
            rowTasks = ceilDiv(rowSlivers, gemm.mcMax / mr);
            colTasks = 1;
            if (threads > 1) {
                // At least 4 tasks per thread where the rows allow: tasks are claimed dynamically, and with
                // one or two per thread a late-waking worker or an edge sliver left one thread idle for a
                // third of the product (JFR, n = 128, 2 threads).
                rowTasks = Math.min(rowSlivers, Math.max(roundUp(rowTasks, threads), 4 * threads));
                if (rowTasks < 2 * threads) {
                    colTasks = Math.min(colSlivers, ceilDiv(2 * threads, rowTasks));
                }
            }
            packTasks = threads == 1 ? 1 : Math.min(colSlivers, 2 * threads);
            // All rows in one block (m <= MC: Dense's products at batch 128) and enough column slivers: split by
            // columns, each task packing its own part of B. Split by rows, B was packed by one job and then read
            // by both cores, half of it from the other core's L2: on the Xeon (2 threads, 128x784 . 784x256) that
            // packing job took 34-38 us against 42-44 on one thread (docs/pure-backend.md has the figures).
            packsOwnColumns = gemm.splitsByColumns(m, nc, threads);
            if (packsOwnColumns) {
                rowTasks = 1;
                colTasks = threads; // one per thread: each task packs (or reads) all of A
            }
        }

        /** Where the k-block starting at {@code pc} begins in the packed panel. */
        int bpBase(int pc) {
            return (pc - pcFrom) * colSlivers * gemm.nr;
        }

        /** Drops the references to the operands, so an idle thread does not keep them alive. */
        void clear() {
            a = null;
            b = null;
            c = null;
            gemm = null;
        }

        /** Packs the column slivers {@code [s0, s1)} of the panel, every k-block of the current k-range. */
        void packB(int s0, int s1) {
            int nr = gemm.nr;
            int j0 = s0 * nr;
            int cols = Math.min(nc, s1 * nr) - j0;
            int kcMax = gemm.kc;
            for (int pc = pcFrom; pc < pcTo; pc += kcMax) {
                int kc = Math.min(kcMax, pcTo - pc);
                gemm.packing.packB(b, ldb, transB, pc, kc, jc + j0, cols, nr, bp, bpBase(pc) + s0 * kc * nr);
            }
        }

        @Override
        public void run(int task) {
            if (packsOwnColumns) {
                int s0 = (int) ((long) colSlivers * task / colTasks);
                int s1 = (int) ((long) colSlivers * (task + 1) / colTasks);
                packB(s0, s1);
                gemm.block(this, 0, m, s0, s1);
            } else if (packing) {
                packB((int) ((long) colSlivers * task / packTasks), (int) ((long) colSlivers * (task + 1) / packTasks));
            } else {
                int r = task / colTasks;
                int q = task % colTasks;
                int mr = gemm.mr;
                int i0 = (int) ((long) rowSlivers * r / rowTasks) * mr;
                int i1 = Math.min(m, (int) ((long) rowSlivers * (r + 1) / rowTasks) * mr);
                int s0 = (int) ((long) colSlivers * q / colTasks);
                int s1 = (int) ((long) colSlivers * (q + 1) / colTasks);
                gemm.block(this, i0, i1, s0, s1);
            }
        }
    }

    private static final ThreadLocal<Job> JOBS = ThreadLocal.withInitial(Job::new);

    /** {@code -Dneurite.gemm.packOwnColumns=false} turns {@code Job.packsOwnColumns} off (for comparisons). */
    static final boolean PACK_OWN_COLUMNS =
            TuningProperties.flag("neurite.gemm.packOwnColumns", true);

    /** A small (unpacked) product split by rows into {@code tasks} pool tasks; one per calling thread, reused. */
    private static final class SmallJob implements WorkerPool.Job {
        SmallGemm small;
        int tasks;
        int tile;
        int m;
        int n;
        int k;
        float alpha;
        float[] a;
        int lda;
        boolean transA;
        float[] b;
        int ldb;
        float beta;
        float[] c;
        int ldc;

        void init(SmallGemm small, int tasks, int tile, int m, int n, int k, float alpha, float[] a, int lda,
                  boolean transA, float[] b, int ldb, float beta, float[] c, int ldc) {
            this.small = small;
            this.tasks = tasks;
            this.tile = tile;
            this.m = m;
            this.n = n;
            this.k = k;
            this.alpha = alpha;
            this.a = a;
            this.lda = lda;
            this.transA = transA;
            this.b = b;
            this.ldb = ldb;
            this.beta = beta;
            this.c = c;
            this.ldc = ldc;
        }

        /** Row {@code task}'s share starts at: whole tiles, the last task taking the rest. */
        private int from(int task) {
            return task == tasks ? m : (int) ((long) (m / tile) * task / tasks) * tile;
        }

        @Override
        public void run(int task) {
            small.multiplyRows(from(task), from(task + 1), n, k, alpha, a, lda, transA, b, ldb, beta, c, ldc);
        }

        void clear() {
            small = null;
            a = null;
            b = null;
            c = null;
        }
    }

    private static final ThreadLocal<SmallJob> SMALL_JOBS = ThreadLocal.withInitial(SmallJob::new);

    /** Per-thread buffers for the packed A block and edge tiles, grown on demand and then reused. */
    private static final class Scratch {
        float[] ap = new float[0];
        float[] tile = new float[0];
    }

    private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

    /** One compute task: rows {@code [i0, i1)} of C times column slivers {@code [s0, s1)} of the panel. */
    private void block(Job job, int i0, int i1, int s0, int s1) {
        int rows = i1 - i0;
        int nc = job.nc;
        int jc = job.jc;
        if (rows <= 0 || s0 >= s1) {
            return;
        }
        Scratch s = SCRATCH.get();
        int kcMax = Math.min(kc, job.k);
        if (s.ap.length < roundUp(rows, mr) * kcMax + GemmPacking.SLACK) {
            s.ap = new float[Math.max(roundUp(rows, mr), mcMax) * kcMax + GemmPacking.SLACK];
        }
        if (s.tile.length < mr * nr) {
            s.tile = new float[mr * nr];
        }
        float[] ap = s.ap;
        float[] tile = s.tile;
        float[] bp = job.bp;
        float[] c = job.c;
        int ldc = job.ldc;
        if (job.pcFrom == 0) {
            scale(c, ldc, i0, i1, jc + s0 * nr, jc + Math.min(nc, s1 * nr), job.beta);
        }
        // A row-major and alpha = 1: the kernel reads A's rows where they are, and only a last sliver of fewer
        // than mr rows is packed (zero-padded). Packing A there is a transposition, about 0.75 ns per element
        // (Zen 4): for 128x784 . 784x256 an eighth of the product's time.
        boolean aInPlace = aInPlace(job);
        int fullRows = aInPlace ? rows / mr * mr : 0;
        float[] a = job.a;
        int lda = job.lda;
        for (int pc = job.pcFrom; pc < job.pcTo; pc += this.kc) {
            int kc = Math.min(this.kc, job.pcTo - pc);
            int base = job.bpBase(pc);
            packing.packA(a, lda, job.transA, i0 + fullRows, rows - fullRows, pc, kc, job.alpha, mr, ap);
            for (int sl = s0; sl < s1; sl++) {
                int jr = sl * nr;
                int nrValid = Math.min(nr, nc - jr);
                int bpOff = base + sl * kc * nr;
                for (int ir = 0; ir < rows; ir += mr) {
                    int mrValid = Math.min(mr, rows - ir);
                    boolean inPlace = ir < fullRows;
                    int apOff = ((ir - fullRows) / mr) * kc * mr;
                    int aOff = (i0 + ir) * lda + pc;
                    int cOff = (i0 + ir) * ldc + jc + jr;
                    if (mrValid == mr && nrValid == nr) {
                        if (inPlace) {
                            kernel.multiplyAddStrided(kc, a, aOff, lda, bp, packedRows, 0, bpOff, c, cOff, ldc);
                        } else {
                            kernel.multiplyAdd(kc, ap, apOff, bp, bpOff, c, cOff, ldc);
                        }
                    } else {
                        // An edge: a full tile aside that starts as C's part (zeros around it), then that part
                        // copied back. Starting from C, not from zero, makes every element the same chain of
                        // multiply-adds over k as in a full tile, whatever kc: a per-block sum added to C made
                        // the bits depend on the k-block, i.e. on the CPU's L1 size (Fashion-MNIST's test
                        // accuracy was 0.8971 with kc = 256 on a Zen 4 and 0.8961 with kc = 384 on a Zen 5).
                        edgeTileFromC(c, cOff, ldc, mrValid, nrValid, tile);
                        if (inPlace) {
                            kernel.multiplyAddStrided(kc, a, aOff, lda, bp, packedRows, 0, bpOff, tile, 0, nr);
                        } else {
                            kernel.multiplyAdd(kc, ap, apOff, bp, bpOff, tile, 0, nr);
                        }
                        for (int i = 0; i < mrValid; i++) {
                            System.arraycopy(tile, i * nr, c, cOff + i * ldc, nrValid);
                        }
                    }
                }
            }
        }
    }

    /** Fills the {@code mr x nr} tile with C's {@code rows x cols} part at {@code cOff}, and zeros around it. */
    private void edgeTileFromC(float[] c, int cOff, int ldc, int rows, int cols, float[] tile) {
        for (int i = 0; i < mr; i++) {
            int t = i * nr;
            if (i < rows) {
                System.arraycopy(c, cOff + i * ldc, tile, t, cols);
                java.util.Arrays.fill(tile, t + cols, t + nr, 0f);
            } else {
                java.util.Arrays.fill(tile, t, t + nr, 0f);
            }
        }
    }

    /**
     * Whether the kernel reads op(A) in place ({@link MicroKernel#multiplyAddStrided}): A not transposed,
     * alpha = 1 (packing is where alpha is folded in), rows that do not alias in L1 ({@link #rowsAlias}), with a
     * kernel whose strided loop is the faster ({@link MicroKernel#readsStridedAFast}: 512-bit vectors), unless
     * {@code -Dneurite.gemm.packA=true}.
     */
    private boolean aInPlace(Job job) {
        return readsAInPlace && !job.transA && job.alpha == 1f && !rowsAlias(job.lda, mr);
    }

    /** L1 sets of 64-byte lines assumed for {@link #rowsAlias}: 32 KiB, 8 ways, as on every x86 core since Skylake and Zen 1. */
    static final int L1_SETS = 64;

    /**
     * Whether {@code rows} rows {@code ld} floats apart start in fewer than {@code rows} distinct L1 sets. The
     * strided kernel streams all of them at once; when they share sets (a stride of 256 or 1024 floats, say)
     * they evict one another: measured on Zen 4, n = 1024 in place ran 9 % slower than packed, while
     * 128x784 . 784x256 (rows 3136 bytes apart, all in distinct sets) ran 10 % faster.
     */
    static boolean rowsAlias(int ld, int rows) {
        for (int i = 0; i < rows; i++) {
            for (int j = i + 1; j < rows; j++) {
                if (l1Set((long) i * ld) == l1Set((long) j * ld)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** The L1 set of the line holding float {@code index} of an array (taking the array as line-aligned). */
    private static int l1Set(long index) {
        return (int) (index * Float.BYTES / 64 % L1_SETS);
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
