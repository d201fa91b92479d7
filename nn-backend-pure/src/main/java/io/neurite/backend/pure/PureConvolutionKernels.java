package io.neurite.backend.pure;

import io.neurite.kernel.ConvolutionKernels;
import io.neurite.kernel.Im2col;
import io.neurite.kernel.KernelChecks;
import io.neurite.kernel.Window2d;
import io.neurite.tensor.Shape;
import io.neurite.tensor.Tensor;
import java.util.Arrays;

/**
 * Convolution as packed sgemm over im2col matrices ({@link Im2col}) of a few images side by side ("chunks" of
 * {@code G} images, about {@link #CHUNK_COLUMNS} columns), written into per-thread scratch buffers that are
 * reused from call to call, never for the whole batch:
 * <pre>
 *   forward       Y  (F x GP) = W (F x K) · col (K x GP)                  then scattered to NCHW, + bias
 *   input grad    dcol (K x GP) = Wᵀ (K x F) · dY (F x GP)                 then col2im into each dx[n]
 *   weight grad   dWᵀ (K x F) += col (K x GP) · dYᵀ (GP x F)               summed over chunks, added once
 * </pre>
 * with {@code K = C * kh * kw} and {@code P = outH * outW}. Every product is in the orientation the packed
 * sgemm runs fastest (no transposed operand: {@code W} is transposed once per call, {@code dY} gathered
 * per chunk), and chunks make its inner dimension or its width large enough to amortise packing: measured on
 * the CNN's 32→64 layer, one image per product ran at a third to a sixth of the chunked speed. Tried and
 * measured slower on that layer (batch 128, one thread's CPU time): the stride-1 input gradient as a transposed
 * convolution ({@code W'} flipped, {@code (C x F*9) · im2col(dY)}, no col2im: 24 against 17 ms, its im2col
 * of dY being twice the size of col), and dY read through the gemm's transposed-B packing instead of the
 * weight gradient's transposing copy (20.5 against 19 ms).
 *
 * <p>The batch is split into one contiguous run of images per worker thread; each product then runs
 * single-threaded inside its task (the pool runs nested jobs on the calling thread). Weight gradients are
 * summed per run and then added in run order, so the result does not depend on which thread ran which run.
 * The products use the backend's sgemm (its SIMD micro-kernel for this machine's vector width) through
 * {@link #gemm}, the one call into {@link Gemm}. Nothing is allocated once the scratch buffers have grown to
 * the largest layer.
 */
final class PureConvolutionKernels implements ConvolutionKernels {
    /** Target width of a chunk's im2col matrix: images per chunk {@code = ceil(CHUNK_COLUMNS / P)}. */
    static final int CHUNK_COLUMNS = Integer.getInteger("neurite.conv.chunk", 1536);

    private final PureBackend backend;

    PureConvolutionKernels(PureBackend backend) {
        this.backend = backend;
    }

    /** Per-thread scratch, grown to the largest layer seen and then reused. */
    private static final class Scratch {
        float[] col = new float[0];
        float[] rows = new float[0];

        float[] col(int n) {
            if (col.length < n) {
                col = new float[n];
            }
            return col;
        }

        float[] rows(int n) {
            if (rows.length < n) {
                rows = new float[n];
            }
            return rows;
        }
    }

    private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

    private enum Mode { FORWARD, INPUT_GRADIENT, WEIGHT_GRADIENT }

    /** One kernel call as a pool job: task {@code t} handles images {@code [t*N/T, (t+1)*N/T)}. */
    private static final class Job implements WorkerPool.Job {
        Gemm gemm;
        Mode mode;
        int batch;
        int runs;
        int channels;
        int h;
        int w;
        int filters;
        int outH;
        int outW;
        Window2d window;
        /** The image side: input (forward, weight gradient) or input gradient (written). */
        float[] x;
        /** The weight (forward) or its transpose {@code [K, F]} (input gradient). */
        float[] weight;
        float[] bias;
        /** The output side: output (written) or output gradient (read). */
        float[] y;
        /** Weight-gradient partial sums per run: {@code dWᵀ (K x F)} then {@code db (F)}. */
        float[][] partials = new float[0][];
        /** The transposed weight, {@code [K, F]}, for the input gradient. */
        float[] weightT = new float[0];

        @Override
        public void run(int task) {
            int from = (int) ((long) batch * task / runs);
            int to = (int) ((long) batch * (task + 1) / runs);
            int k = channels * window.kernelH() * window.kernelW();
            int p = outH * outW;
            int inSize = channels * h * w;
            int outSize = filters * p;
            int chunk = Math.max(1, Math.min(to - from, (CHUNK_COLUMNS + p - 1) / p));
            Scratch s = SCRATCH.get();
            float[] col = s.col(k * chunk * p);
            float[] rows = s.rows(filters * chunk * p);
            float[] partial = mode == Mode.WEIGHT_GRADIENT ? partials[task] : null;
            if (partial != null) {
                Arrays.fill(partial, 0, k * filters + filters, 0f);
            }
            for (int n0 = from; n0 < to; n0 += chunk) {
                int g = Math.min(chunk, to - n0);
                int ld = g * p;
                switch (mode) {
                    case FORWARD -> {
                        for (int i = 0; i < g; i++) {
                            Im2col.im2col(x, (n0 + i) * inSize, channels, h, w, window, outH, outW, col, i * p, ld);
                        }
                        gemm(gemm, filters, ld, k, weight, k, col, ld, 0f, rows, ld);
                        for (int i = 0; i < g; i++) {
                            int off = (n0 + i) * outSize;
                            for (int f = 0; f < filters; f++) {
                                addBias(rows, f * ld + i * p, bias == null ? 0f : bias[f], y, off + f * p, p);
                            }
                        }
                    }
                    case INPUT_GRADIENT -> {
                        gather(y, n0, g, p, outSize, rows, ld);
                        gemm(gemm, k, ld, filters, weight, filters, rows, ld, 0f, col, ld);
                        Arrays.fill(x, n0 * inSize, (n0 + g) * inSize, 0f);
                        for (int i = 0; i < g; i++) {
                            Im2col.col2im(col, i * p, ld, channels, h, w, window, outH, outW, x, (n0 + i) * inSize);
                        }
                    }
                    case WEIGHT_GRADIENT -> {
                        // col as K x GP; dYᵀ as GP x F; bias sums on the way
                        for (int i = 0; i < g; i++) {
                            Im2col.im2col(x, (n0 + i) * inSize, channels, h, w, window, outH, outW, col, i * p, ld);
                            int off = (n0 + i) * outSize;
                            for (int f = 0; f < filters; f++) {
                                float sum = 0f;
                                int src = off + f * p;
                                int dst = i * p * filters + f;
                                for (int q = 0; q < p; q++) {
                                    float v = y[src + q];
                                    rows[dst + q * filters] = v;
                                    sum += v;
                                }
                                partial[k * filters + f] += sum;
                            }
                        }
                        gemm(gemm, k, filters, ld, col, ld, rows, filters, 1f, partial, filters);
                    }
                    default -> throw new IllegalStateException(mode.toString());
                }
            }
        }

        /** dY of images {@code [n0, n0 + g)} as one {@code F x (g * P)} matrix with leading dimension {@code ld}. */
        private void gather(float[] dy, int n0, int g, int p, int outSize, float[] rows, int ld) {
            for (int i = 0; i < g; i++) {
                int off = (n0 + i) * outSize;
                for (int f = 0; f < filters; f++) {
                    System.arraycopy(dy, off + f * p, rows, f * ld + i * p, p);
                }
            }
        }

        void clear() {
            x = null;
            weight = null;
            bias = null;
            y = null;
            gemm = null;
            window = null;
        }
    }

    /** {@code y[yo ..] = rows[ro ..] + b} for {@code p} elements. */
    private static void addBias(float[] rows, int ro, float b, float[] y, int yo, int p) {
        if (b == 0f) {
            System.arraycopy(rows, ro, y, yo, p);
            return;
        }
        for (int q = 0; q < p; q++) {
            y[yo + q] = rows[ro + q] + b;
        }
    }

    private static final ThreadLocal<Job> JOBS = ThreadLocal.withInitial(Job::new);

    /**
     * The one entry point into the backend's sgemm: {@code C = A · B + beta * C}, row-major, no transposes,
     * leading dimensions, every matrix from offset 0.
     */
    private static void gemm(Gemm gemm, int m, int n, int k, float[] a, int lda, float[] b, int ldb, float beta,
                             float[] c, int ldc) {
        gemm.multiply(m, n, k, 1f, a, lda, false, b, ldb, false, beta, c, ldc);
    }

    @Override
    public void conv2d(Tensor input, Tensor weight, Tensor bias, Window2d window, Tensor output) {
        KernelChecks.conv2d("conv2d", input, weight, bias, window, output);
        Job job = prepare("conv2d", Mode.FORWARD, input, weight, output, window);
        job.weight = data("conv2d", weight);
        job.x = data("conv2d", input);
        job.y = data("conv2d", output);
        job.bias = bias == null ? null : data("conv2d", bias);
        run(job);
    }

    @Override
    public void conv2dInputGradient(Tensor gradOutput, Tensor weight, Window2d window, Tensor gradInput) {
        String op = "conv2dInputGradient";
        KernelChecks.conv2dInputGradient(op, gradOutput, weight, window, gradInput);
        Job job = prepare(op, Mode.INPUT_GRADIENT, gradInput, weight, gradOutput, window);
        float[] wt = data(op, weight);
        int f = job.filters;
        int k = wt.length / f;
        if (job.weightT.length < wt.length) {
            job.weightT = new float[wt.length];
        }
        for (int r = 0; r < f; r++) {
            for (int c = 0; c < k; c++) {
                job.weightT[c * f + r] = wt[r * k + c];
            }
        }
        job.weight = job.weightT;
        job.x = data(op, gradInput);
        job.y = data(op, gradOutput);
        run(job);
    }

    @Override
    public void conv2dWeightGradient(Tensor input, Tensor gradOutput, Window2d window, Tensor gradWeight,
                                     Tensor gradBias) {
        String op = "conv2dWeightGradient";
        KernelChecks.conv2dWeightGradient(op, input, gradOutput, window, gradWeight, gradBias);
        Job job = prepare(op, Mode.WEIGHT_GRADIENT, input, gradWeight, gradOutput, window);
        job.x = data(op, input);
        job.y = data(op, gradOutput);
        int f = job.filters;
        int k = job.channels * window.kernelH() * window.kernelW();
        int block = k * f + f;
        if (job.partials.length < job.runs) {
            job.partials = Arrays.copyOf(job.partials, job.runs);
        }
        for (int r = 0; r < job.runs; r++) {
            if (job.partials[r] == null || job.partials[r].length < block) {
                job.partials[r] = new float[block];
            }
        }
        float[] gw = data(op, gradWeight);
        float[] gb = gradBias == null ? null : data(op, gradBias);
        try {
            backend.pool().run(job.runs, job);
            for (int r = 0; r < job.runs; r++) {
                float[] partial = job.partials[r];
                for (int o = 0; o < f; o++) {
                    for (int c = 0; c < k; c++) {
                        gw[o * k + c] += partial[c * f + o];
                    }
                }
                if (gb != null) {
                    for (int o = 0; o < f; o++) {
                        gb[o] += partial[k * f + o];
                    }
                }
            }
        } finally {
            job.clear();
        }
    }

    /** The job for a call whose image side is {@code image} and whose output side is {@code out}. */
    private Job prepare(String op, Mode mode, Tensor image, Tensor weight, Tensor out, Window2d window) {
        Job job = JOBS.get();
        if (job.gemm != null) {
            job = new Job(); // re-entered on this thread (cannot happen today; stay correct if it does)
        }
        Shape xs = image.shape();
        Shape ys = out.shape();
        job.gemm = backend.gemmKernel();
        job.mode = mode;
        job.batch = xs.dim(0);
        job.runs = Math.max(1, Math.min(job.batch, backend.threads()));
        job.channels = xs.dim(1);
        job.h = xs.dim(2);
        job.w = xs.dim(3);
        job.filters = weight.shape().dim(0);
        job.outH = ys.dim(2);
        job.outW = ys.dim(3);
        job.window = window;
        return job;
    }

    private void run(Job job) {
        try {
            backend.pool().run(job.runs, job);
        } finally {
            job.clear();
        }
    }

    private float[] data(String op, Tensor t) {
        return PureTensor.cast(op, backend, t).data;
    }
}
