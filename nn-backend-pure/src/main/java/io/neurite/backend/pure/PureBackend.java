package io.neurite.backend.pure;

import io.neurite.tensor.Backend;
import io.neurite.tensor.Shape;
import io.neurite.tensor.ShapeChecks;
import io.neurite.tensor.Tensor;

/**
 * Tensors on plain {@code float[]} arrays. Large operations run on a dedicated pool of
 * {@code -Dneurite.threads} workers (default: available processors), never on the common
 * {@code ForkJoinPool}. Each instance owns its pool (daemon threads that live as long as the JVM), so
 * create one per process, or use {@code Backends.get("pure")}.
 */
public final class PureBackend implements Backend {
    /** System property with the worker count, shared with the other backends. */
    public static final String THREADS_PROPERTY = "neurite.threads";

    /** A range {@code [from, to)} of one split operation. */
    interface Range {
        void run(int from, int to);
    }

    private final int threads;
    private final WorkerPool pool;
    private final Gemm gemm;
    final ScalarKernels kernels;
    private final boolean simd;
    private final OptimizerLoops optimizerLoops;
    private volatile SplitPolicy split;
    /** Later measurements left, and when the next may run, while the start-up one is unsettled. */
    private volatile int remeasurements = REMEASUREMENTS;
    private volatile long nextRemeasurement;
    private final java.util.concurrent.atomic.AtomicBoolean remeasuring = new java.util.concurrent.atomic.AtomicBoolean();
    private final PureKernels layerKernels;

    public PureBackend(int threads) {
        this(threads, Gemm.SMALL, Gemm.PARALLEL, Gemm.WHOLE_K_FLOATS);
    }

    /**
     * With explicit gemm thresholds (multiply-adds at or below which the unpacked path runs, below which
     * one thread does all, and the largest packed B panel packed for all of k at once), so that tests can
     * force every product through one path.
     */
    PureBackend(int threads, long smallGemm, long parallelGemm, long wholeKFloats) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1 but was " + threads);
        }
        this.threads = threads;
        this.pool = new WorkerPool(threads, "neurite-pure");
        KernelPath.Kernels path = KernelPath.get();
        this.simd = path.simd();
        this.kernels = path.elementwise();
        this.optimizerLoops = path.optimizer();
        this.gemm = new Gemm(pool, path.micro(), path.small(), smallGemm, parallelGemm, wholeKFloats, path.simd());
        this.split = SplitPolicy.measure(pool);
        this.nextRemeasurement = System.nanoTime() + REMEASURE_INTERVAL_NANOS;
        if (path.simd()) {
            // compiles the gemm kernels while the program loads its data (see KernelWarmUp); after the
            // measurement, which it would disturb
            KernelWarmUp.inBackground(path);
        }
        this.layerKernels = new PureKernels(this);
    }

    static int configuredThreads() {
        String value = System.getProperty(THREADS_PROPERTY);
        if (value == null || value.isBlank()) {
            return Runtime.getRuntime().availableProcessors();
        }
        try {
            int n = Integer.parseInt(value.trim());
            if (n >= 1) {
                return n;
            }
        } catch (NumberFormatException ignored) {
            // fall through to the error below
        }
        throw new IllegalArgumentException("-D" + THREADS_PROPERTY + "=" + value + " is not a positive integer");
    }

    @Override
    public String name() {
        return "pure";
    }

    @Override
    public String describe() {
        return "pure: " + (simd ? "SIMD" : "scalar") + " path (" + kernels.describe() + "), sgemm " + gemm.describe()
                + ", " + threads + " thread(s), " + split.describe();
    }

    @Override
    public int threads() {
        return threads;
    }

    @Override
    public io.neurite.kernel.Kernels kernels() {
        return layerKernels;
    }

    @Override
    public Tensor zeros(Shape shape) {
        return new PureTensor(this, new float[shape.size()], shape);
    }

    @Override
    public Tensor of(float[] data, Shape shape) {
        if (data.length != shape.size()) {
            throw new IllegalArgumentException("of: " + data.length + " values cannot fill shape " + shape + " of "
                    + shape.size() + " elements");
        }
        return new PureTensor(this, data.clone(), shape);
    }

    @Override
    public void gemm(float alpha, Tensor a, boolean transA, Tensor b, boolean transB, float beta, Tensor c) {
        Shape as = a.shape();
        Shape bs = b.shape();
        // ShapeChecks' allocation-free variant: a training step calls gemm a dozen times
        ShapeChecks.gemmAllocationFree("gemm", a, transA, b, transB, c);
        int m = as.dim(transA ? 1 : 0);
        int k = as.dim(transA ? 0 : 1);
        int n = bs.dim(transB ? 0 : 1);
        PureTensor pa = PureTensor.cast("gemm", this, a);
        PureTensor pb = PureTensor.cast("gemm", this, b);
        PureTensor pc = PureTensor.cast("gemm", this, c);
        gemm.multiply(m, n, k, alpha, pa.data, as.dim(1), transA, pb.data, bs.dim(1), transB, beta, pc.data, n);
    }

    /**
     * As two tasks of one pool job when there are threads to spare and each piece has at least
     * {@value #CONCURRENT_WORK} multiply-adds (a few microseconds, several dispatch costs); the pieces' own
     * operations then find the pool busy and run on their own threads. Otherwise one after the other. Either way
     * the same bits: no operation's result depends on how it is split.
     */
    @Override
    public void concurrently(long multiplyAdds, Runnable first, Runnable second) {
        if (threads == 1 || multiplyAdds < CONCURRENT_WORK || !pool.idle()) {
            first.run();
            second.run();
            return;
        }
        Pair pair = PAIRS.get();
        if (pair.first != null) {
            pair = new Pair(); // nested on this thread: the reusable one is in use
        }
        pair.first = first;
        pair.second = second;
        try {
            pool.run(2, pair);
        } finally {
            pair.first = null;
            pair.second = null;
        }
    }

    /** See {@link #concurrently}. */
    static final long CONCURRENT_WORK = 64L * 32 * 32;

    /** Two pieces of work as a two-task pool job; one reusable object per thread. */
    private static final class Pair implements WorkerPool.Job {
        Runnable first;
        Runnable second;

        @Override
        public void run(int task) {
            (task == 0 ? first : second).run();
        }
    }

    private static final ThreadLocal<Pair> PAIRS = ThreadLocal.withInitial(Pair::new);

    /** Whether the Vector API kernels are active (else the scalar ones). */
    public boolean simd() {
        return simd;
    }

    /** The sgemm driver (for tuning tools in this package). */
    Gemm gemmKernel() {
        return gemm;
    }

    WorkerPool pool() {
        return pool;
    }

    /**
     * When operations are split over the pool, from the dispatch cost measured at start-up; when that
     * measurement was {@link SplitPolicy#unsettled() unsettled}, measured again up to {@value #REMEASUREMENTS}
     * times, {@value #REMEASURE_INTERVAL_NANOS} ns apart, by the calling thread while the pool is idle (at most
     * {@link SplitPolicy#REMEASURE_NANOS} each). Only speed depends on it: a split never changes a result.
     */
    SplitPolicy split() {
        SplitPolicy s = split;
        if (s.unsettled() && remeasurements > 0 && System.nanoTime() >= nextRemeasurement) {
            s = remeasure(s);
        }
        return s;
    }

    private SplitPolicy remeasure(SplitPolicy current) {
        if (!remeasuring.compareAndSet(false, true)) {
            return current;
        }
        try {
            if (remeasurements <= 0 || !pool.idle() || System.nanoTime() < nextRemeasurement) {
                return current;
            }
            remeasurements--;
            SplitPolicy again = SplitPolicy.remeasure(pool);
            nextRemeasurement = System.nanoTime() + REMEASURE_INTERVAL_NANOS;
            if (!again.unsettled()) {
                split = again;
                LOG.debug("Neurite pure backend: {} (at start-up: {} us)", again.describe(),
                        String.format(java.util.Locale.ROOT, "%.1f", current.dispatchNanos() / 1000));
                return again;
            }
            return current; // still unsettled: the large grains stay (the workers are not getting a core)
        } finally {
            remeasuring.set(false);
        }
    }

    /** For tests: replaces the split policy, as if measured at start-up, and allows a re-measurement now. */
    void useSplitPolicy(SplitPolicy policy) {
        split = policy;
        remeasurements = REMEASUREMENTS;
        nextRemeasurement = System.nanoTime();
    }

    /** For tests: the later measurements an unsettled policy has left. */
    int remeasurementsLeft() {
        return remeasurements;
    }

    /** How many later measurements an unsettled start-up measurement gets. */
    static final int REMEASUREMENTS = 8;
    /** The time between them (1 s). */
    static final long REMEASURE_INTERVAL_NANOS = 1_000_000_000L;
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(PureBackend.class);

    /** The fused optimizer loops of the chosen kernel path. */
    OptimizerLoops optimizerLoops() {
        return optimizerLoops;
    }

    /** Whether an operation over {@code n} items with this grain runs on the calling thread alone. */
    boolean serial(int n, int grain) {
        return threads == 1 || n < 2 * grain;
    }

    /**
     * Runs {@code body} over {@code [0, n)} items (rows, planes, channels): on the calling thread when
     * {@code n < 2 * grain}, else in up to {@code 2 * threads} contiguous chunks of at least {@code grain} items
     * on the pool. The body must compute each item the same way whatever range it is given.
     */
    void parallel(int n, int grain, Range body) {
        parallel(n, grain, 1, body);
    }

    /**
     * Runs {@code body} over {@code [0, n)} array elements as {@link #parallel(int, int, Range)} does, with every
     * chunk but the last starting and ending on a multiple of {@value #ELEMENT_ALIGNMENT} elements. A SIMD loop
     * hands the elements after its last full vector to scalar code, which rounds differently where the vector
     * code fuses a multiply-add (Adam's update, say); with unaligned chunks, which elements took which path
     * would depend on how the operation was split, and that depends on the dispatch cost measured while the
     * program runs. Aligned, each element takes the path it takes on one thread, so a split never changes a
     * result. {@value #ELEMENT_ALIGNMENT} floats are a whole number of vectors of every width up to 2048 bits and
     * of 64-byte cache lines, so two threads never write the same line either.
     */
    void parallelElements(int n, int grain, Range body) {
        parallel(n, Math.max(grain, ELEMENT_ALIGNMENT), ELEMENT_ALIGNMENT, body);
    }

    /** See {@link #parallelElements}. */
    static final int ELEMENT_ALIGNMENT = 64;

    private void parallel(int n, int grain, int alignment, Range body) {
        if (serial(n, grain)) {
            body.run(0, n);
            return;
        }
        Split split = SPLITS.get();
        if (split.body != null) {
            split = new Split(); // a nested split on this thread: the reusable one is in use
        }
        split.n = n;
        split.chunks = Math.min(2 * threads, n / grain);
        split.alignment = alignment;
        split.body = body;
        try {
            pool.run(split.chunks, split);
        } finally {
            split.body = null;
        }
    }

    /**
     * {@code [0, n)} in {@code chunks} contiguous pieces whose inner boundaries are multiples of
     * {@code alignment} (each piece is at least a grain, which is at least the alignment, long, so none is
     * empty) as a pool job; one reusable object per thread.
     */
    private static final class Split implements WorkerPool.Job {
        int n;
        int chunks;
        int alignment;
        Range body;

        private int boundary(int c) {
            if (c == chunks) {
                return n;
            }
            int at = (int) ((long) n * c / chunks);
            return at - at % alignment;
        }

        @Override
        public void run(int c) {
            body.run(boundary(c), boundary(c + 1));
        }
    }

    private static final ThreadLocal<Split> SPLITS = ThreadLocal.withInitial(Split::new);

    @Override
    public String toString() {
        return describe();
    }
}
