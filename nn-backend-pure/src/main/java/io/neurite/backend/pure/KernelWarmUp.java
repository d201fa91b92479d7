package io.neurite.backend.pure;

import io.neurite.kernel.AdamStep;
import io.neurite.kernel.MomentumStep;
import java.lang.management.ManagementFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Has HotSpot's C2 compile the SIMD gemm kernels as whole methods before the first sizeable product can
 * trigger an on-stack-replacement (OSR) compile of their k-loops, by calling them on tiny operands until
 * a batch of calls allocates nothing, which only the compiled, intrinsified kernels achieve. Runs once per
 * JVM, on a background thread started with the SIMD backend ({@link #inBackground}), and the first product of
 * at least {@link #WORK} multiply-adds waits for it to end; it takes about 1 s of one core.
 *
 * <p>Why: on JDK 17, JFR allocation profiles of the training step showed, in some JVM runs and not others,
 * the micro-kernel or the small-product 8 x 2 tile running a compile in which the Vector API's {@code fma}
 * was not intrinsified. Every vector was then a heap object: 50 KB to 100 MB of garbage per training step,
 * and a step up to four times slower. In the one such run whose compiles JFR recorded, the micro-kernel's first
 * C2 compile was an OSR compile (106 kB of code, against 26 kB for a good whole-method compile), whose loop
 * carries 24 vector accumulators across the OSR entry. A fixed number of warm-up calls was not
 * enough (one JMH fork in four still went wrong: the real products started before C2 had installed the
 * whole-method compile), hence waiting for the allocation-free batch. {@code -Dneurite.warmup=false} turns
 * it off.
 *
 * <p>The direct convolution's loops are warmed up the same way but separately, by {@link #convolutionsOnce},
 * on the thread that sets up the first direct convolution, just before it runs. A network without
 * convolutions never pays for them: on the 2-core machine the background warm-up shares the cores with the
 * program's data loading and the JIT's threads, and the convolution loops were about 0.4 s of CPU time of a
 * 1-epoch MLP run (and their compiles part of the C2 queue the gemm kernels wait in).
 */
final class KernelWarmUp {
    /** Products from this many multiply-adds on trigger the warm-up (64 x 64 x 64). */
    static final long WORK = 64L * 64 * 64;

    private static final Logger LOG = LoggerFactory.getLogger(KernelWarmUp.class);
    private static final boolean ENABLED = TuningProperties.flag("neurite.warmup", true);
    private static final int BATCH = 500;
    /**
     * Give up after this much of this thread's CPU time (a JVM without C2, say): the kernels still compute
     * correctly, only slower. CPU time rather than wall-clock time because on a machine busier than its cores
     * the JIT's threads get about the share of the CPU this thread gets: a 5 s wall-clock limit ran out
     * there after some 500 interpreted calls, before C2 had compiled anything (load average 20 on 2 cores).
     */
    private static final long MAX_CPU_NANOS = 5_000_000_000L;
    /** And after this much wall-clock time whatever the CPU time, so a starved JVM still gets going. */
    private static final long MAX_WALL_NANOS = 60_000_000_000L;

    private static volatile boolean done;
    private static boolean started;
    private static volatile boolean convolutionsDone;
    private static final Object CONVOLUTIONS = new Object();

    private KernelWarmUp() {
    }

    /**
     * Starts the warm-up now on a daemon thread (once per JVM), so that it overlaps whatever the program does
     * before its first sizeable product, such as loading and normalising a data set (2-3 s for Fashion-MNIST,
     * on one core, while the other is free); {@link #once} then finds it done, or waits for it to finish.
     * The SIMD backend calls this when it is created.
     */
    static void inBackground(KernelPath.Kernels kernels) {
        synchronized (KernelWarmUp.class) {
            if (!ENABLED || done || started) {
                return;
            }
            started = true;
        }
        Thread t = new Thread(() -> {
            once(kernels.micro(), kernels.small());
            trainingLoops(kernels.elementwise(), kernels.optimizer());
        }, "neurite-kernel-warm-up");
        t.setDaemon(true);
        t.start();
    }

    /**
     * The second stage of the background warm-up, after the gemm kernels (which the first product waits for;
     * nothing waits for this one): the element-wise loops and the fused optimizer updates that every training
     * step runs. Without it, the first 0.4 s of the Fashion-MNIST job's training spent 72 % of the main
     * thread's samples in Adam's update, interpreted or in C1 code that does not intrinsify the Vector API, and
     * more in ReLU, its backward pass, the bias add and the column sums (JFR, the Xeon in docs/pure-backend.md).
     * Arrays of {@value #LOOP_LENGTH} elements take the optimizers' vector bodies and their scalar tails at every
     * vector width. The element-wise loops run their scalar path at this length (below {@code VectorKernels.SMALL}),
     * so only those are compiled here; their vector bodies compile in the program. Arrays of SMALL + 5 elements were
     * tried (2026-12-03): the batch never became allocation-free before the 5 s limit, and a 3-epoch Fashion-MNIST
     * run took 5.8-6.3 s instead of 4.0-4.2 s.
     */
    private static void trainingLoops(ScalarKernels e, OptimizerLoops optimizer) {
        if (!ENABLED) {
            return;
        }
        try {
            int n = LOOP_LENGTH;
            float[] x = new float[n];
            float[] y = new float[n];
            float[] d = new float[n];
            float[] m = new float[n];
            float[] v = new float[n];
            for (int i = 0; i < n; i++) {
                x[i] = (i % 7 - 3) * 0.25f;
                y[i] = (i % 5 - 2) * 0.125f;
            }
            int rows = 3;
            int cols = n / rows;
            float[] row = new float[cols];
            float[] sums = new float[cols];
            AdamStep adam = AdamStep.of(0.9, 0.999, 1e-8, 1e-3, 10, 0, 1);
            MomentumStep momentum = new MomentumStep(1e-3f, 0.9f, 1f, 0f, false, false);
            trainingLoopsCompiled = untilAllocationFree("element-wise and optimizer loops", () -> {
                for (int i = 0; i < BATCH; i++) {
                    // forward: bias add and ReLU; the loss: log-softmax, exp, products, sums; backward: ReLU's
                    // backward, the bias gradient's column sums, additions
                    e.addRowVector(x, row, d, cols, 0, rows);
                    e.relu(x, d, 0, n);
                    e.logSoftmaxRows(x, d, cols, 0, rows);
                    e.exp(y, d, 0, n);
                    e.mul(x, y, d, 0, n);
                    e.sub(x, y, d, 0, n);
                    e.add(x, y, d, 0, n);
                    e.scale(x, 0.5f, d, 0, n);
                    e.sum(x, 0, n);
                    e.reluBackward(x, y, d, 0, n);
                    e.sumColumns(x, sums, rows, cols, 0, cols);
                    // the optimizers' fused updates, on copies so that the values stay ordinary
                    System.arraycopy(x, 0, d, 0, n);
                    optimizer.adam(adam, d, y, m, v, 0, n);
                    optimizer.momentum(momentum, d, y, m, 0, n);
                }
            });
        } catch (LinkageError err) {
            LOG.debug("Neurite pure backend: no warm-up of the element-wise loops ({})", err.toString());
        }
    }

    /** Whether the second stage ran and ended with a batch of calls that allocated nothing (for tests). */
    static boolean trainingLoopsCompiled() {
        return trainingLoopsCompiled;
    }

    private static volatile boolean trainingLoopsCompiled;

    /** The length of the warm-up's arrays: 4 x 64 + 5, an optimizer's vector body and a tail at every width. */
    static final int LOOP_LENGTH = 4 * 64 + 5;

    static void once(MicroKernel micro, SmallGemm small) {
        if (done) {
            return;
        }
        synchronized (KernelWarmUp.class) {
            if (!done) {
                if (ENABLED) {
                    try {
                        run(micro, small);
                    } catch (LinkageError e) {
                        // a runtime image without java.management / jdk.management: no allocation counters,
                        // so no warm-up; the kernels still compute correctly
                        LOG.debug("Neurite pure backend: no kernel warm-up ({})", e.toString());
                    }
                }
                done = true;
            }
        }
    }

    /**
     * Compiles the direct convolution's loops ({@link DirectConvolution.WarmUp}: every branch, on tiny operands)
     * before the first real one runs, once per JVM, on the calling thread; later calls return at once. Their long
     * walks over an image would otherwise be OSR-compiled, with vectors carried across the OSR entry.
     */
    static void convolutionsOnce() {
        if (convolutionsDone) {
            return;
        }
        synchronized (CONVOLUTIONS) {
            if (!convolutionsDone) {
                if (ENABLED) {
                    try {
                        DirectConvolution.WarmUp direct = new DirectConvolution.WarmUp();
                        untilAllocationFree("direct convolution loops", () -> {
                            for (int i = 0; i < BATCH; i++) {
                                direct.run();
                            }
                        });
                    } catch (LinkageError e) {
                        LOG.debug("Neurite pure backend: no convolution warm-up ({})", e.toString());
                    }
                }
                convolutionsDone = true;
            }
        }
    }

    /** Whether {@link #convolutionsOnce} has finished (for tests). */
    static boolean convolutionsDone() {
        return convolutionsDone;
    }

    private static void run(MicroKernel micro, SmallGemm small) {
        int mr = micro.mr();
        int nr = micro.nr();
        // k = 16: C2 compiles from the profile gathered here, and a loop seen to run once per call would be
        // compiled for that (no unrolling). Few enough back-edges per call that C2's whole-method threshold
        // is reached well before its OSR threshold.
        int k = 16;
        float[] ap = new float[k * mr];
        float[] bp = new float[k * nr];
        float[] c = new float[mr * nr];
        // and the shorter tile the convolutions may pick (MicroKernel.forRows), into the same buffers
        MicroKernel shorter = micro.forRows(8);
        // 29 x (3 vectors + 1) reaches every tile of the small path: 8 x 2 (or 6 x 2 with 16 registers), 4 x 2,
        // 4 x 1, 1 x 1, scalar (29 = 3 x 8 + 4 + 1 = 4 x 6 + 4 + 1).
        int m = 29;
        int n = 3 * nr / 2 + 1;
        float[] a = new float[m * k];
        float[] b = new float[k * n];
        float[] cs = new float[m * n];
        // and a narrow C (10 columns, a classifier's output layer), both ways VectorNarrowGemm runs
        float[] narrowB = new float[k * 10];
        float[] narrowC = new float[m * 10];
        // and the packed path's SIMD packing (VectorGemmPacking, VectorTransposes) and in-place A: the loops of a
        // Dense layer's products, which epoch 1 of a training run otherwise spent compiling (startup2's JFR)
        GemmPacking packing = KernelPath.simdOrScalar(GemmPacking.class, "VectorGemmPacking", new GemmPacking());
        int lanes = Math.max(nr, 32);
        float[] wide = new float[(mr + lanes) * k + lanes * k];
        float[] packedA = new float[(mr + lanes) * k + GemmPacking.SLACK];
        int[] packedRows = new int[k];
        for (int p = 0; p < k; p++) {
            packedRows[p] = p * nr;
        }
        untilAllocationFree("SIMD gemm kernels", () -> {
            for (int i = 0; i < BATCH; i++) {
                packing.packA(wide, mr + lanes, true, 0, mr, 0, k, 1f, mr, packedA, 0);
                packing.packA(wide, k, false, 0, mr, 0, k, 1f, mr, packedA, 0);
                // and the branches a Dense layer's products take that the calls above do not: A (either way) with
                // an edge sliver (128 rows = 10 x 12 + 8), a B not transposed, and (below) a small product with
                // B transposed (the 10-class layer's dY . W^T). A warm-up compile that had never seen a branch taken
                // was thrown away at its first real call ("unstable_if" deoptimizations, JFR, 2026-12-03)
                packing.packA(wide, k, false, 0, mr + 3, 0, k, 1f, mr, packedA, 0);
                packing.packA(wide, mr + lanes, true, 0, mr + 3, 0, k, 1f, mr, packedA, 0);
                packing.packB(wide, nr, false, 0, k, 0, nr, nr, bp, 0);
                packing.packB(wide, k, true, 0, k, 0, nr, nr, bp, 0);
                if (micro.readsStridedAFast()) {
                    micro.multiplyAddStrided(k, wide, 0, k, bp, packedRows, 0, 0, c, 0, nr);
                }
                micro.multiplyAdd(k, ap, 0, bp, 0, c, 0, nr);
                shorter.multiplyAdd(k, ap, 0, bp, 0, c, 0, nr);
                // beta = 0 and 1: the tiles overwrite C or add to it, and a compile that had seen only one of the two
                // was thrown away at the first call of the other (the training step makes both)
                small.multiply(m, n, k, 1f, a, k, false, b, n, false, 0f, cs, n);
                small.multiply(m, n, k, 1f, a, k, false, b, n, false, 1f, cs, n);
                // and with A transposed ([k, m] in the same array), whose tiles are separate methods
                small.multiply(m, n, k, 1f, a, m, true, b, n, false, 0f, cs, n);
                small.multiply(m, n, k, 1f, a, m, true, b, n, false, 1f, cs, n);
                small.multiply(m, n, k, 1f, a, k, false, b, k, true, 0f, cs, n);
                small.multiply(m, 10, k, 1f, a, k, false, narrowB, 10, false, 0f, narrowC, 10);
                small.multiply(k, 10, m, 1f, a, k, true, narrowC, 10, false, 0f, narrowB, 10);
            }
        });
    }

    /**
     * Runs {@code batchOfCalls} ({@value #BATCH} calls of each kernel) until one run of it allocates nothing, or
     * the limits pass; says in the log how it went, and returns whether the last run allocated nothing. Without
     * per-thread allocation counters it does nothing (and returns false).
     */
    private static boolean untilAllocationFree(String what, Runnable batchOfCalls) {
        if (!(ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean mx)
                || !mx.isThreadAllocatedMemorySupported() || !mx.isThreadAllocatedMemoryEnabled()) {
            return false;
        }
        long start = System.nanoTime();
        // without per-thread CPU time (rare), the CPU limit becomes a wall-clock one
        boolean cpuTime = mx.isCurrentThreadCpuTimeSupported() && mx.isThreadCpuTimeEnabled();
        long cpuStart = cpuTime ? mx.getCurrentThreadCpuTime() : start;
        int calls = 0;
        long allocated;
        long spent;
        do {
            long before = mx.getCurrentThreadAllocatedBytes();
            batchOfCalls.run();
            calls += BATCH;
            allocated = mx.getCurrentThreadAllocatedBytes() - before;
            spent = (cpuTime ? mx.getCurrentThreadCpuTime() : System.nanoTime()) - cpuStart;
        } while (allocated > 0 && spent < MAX_CPU_NANOS && System.nanoTime() - start < MAX_WALL_NANOS);
        long ms = (System.nanoTime() - start) / 1_000_000;
        if (allocated > 0) {
            LOG.warn("Neurite pure backend: the {} still allocate after {} warm-up calls ({} ms); the JIT has not"
                    + " compiled them with Vector API intrinsics, so they will be slow", what, calls, ms);
        } else {
            LOG.debug("Neurite pure backend: {} compiled after {} warm-up calls ({} ms)", what, calls, ms);
        }
        return allocated == 0;
    }
}
