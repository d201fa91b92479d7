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
        this.gemm = new Gemm(pool, path.micro(), path.small(), smallGemm, parallelGemm, wholeKFloats);
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
                + ", " + threads + " thread(s)";
    }

    @Override
    public int threads() {
        return threads;
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
        int[] mnk = ShapeChecks.gemm("gemm", a, transA, b, transB, c);
        PureTensor pa = PureTensor.cast("gemm", this, a);
        PureTensor pb = PureTensor.cast("gemm", this, b);
        PureTensor pc = PureTensor.cast("gemm", this, c);
        gemm.multiply(mnk[0], mnk[1], mnk[2], alpha, pa.data, a.shape().dim(1), transA,
                pb.data, b.shape().dim(1), transB, beta, pc.data, mnk[1]);
    }

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

    /** Whether an operation over {@code n} items with this grain runs on the calling thread alone. */
    boolean serial(int n, int grain) {
        return threads == 1 || n < 2 * grain;
    }

    /**
     * Runs {@code body} over {@code [0, n)}: on the calling thread when {@code n < 2 * grain}, else in up to
     * {@code 2 * threads} contiguous chunks of at least {@code grain} elements on the pool.
     */
    void parallel(int n, int grain, Range body) {
        if (threads == 1 || n < 2 * grain) {
            body.run(0, n);
            return;
        }
        int chunks = Math.min(2 * threads, n / grain);
        pool.run(chunks, c -> body.run((int) ((long) n * c / chunks), (int) ((long) n * (c + 1) / chunks)));
    }

    @Override
    public String toString() {
        return describe();
    }
}
