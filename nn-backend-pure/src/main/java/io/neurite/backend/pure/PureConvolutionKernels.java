package io.neurite.backend.pure;

import io.neurite.kernel.ConvolutionKernels;
import io.neurite.kernel.Im2col;
import io.neurite.kernel.KernelChecks;
import io.neurite.kernel.Window2d;
import io.neurite.tensor.Shape;
import io.neurite.tensor.Tensor;

/**
 * Convolution as one packed sgemm per image over an im2col matrix ({@link Im2col}) that lives in a per-thread
 * scratch buffer, reused from call to call, never for the whole batch at once:
 * <pre>
 *   forward       out[n]  (F x P) = W (F x K) · col(x[n]) (K x P)            then + bias
 *   input grad    dcol    (K x P) = Wᵀ · dy[n] (F x P)                        then col2im into dx[n]
 *   weight grad   dW      (F x K) += dy[n] · col(x[n])ᵀ                       summed over n
 * </pre>
 * with {@code K = C * kh * kw} and {@code P = outH * outW}. The batch is split into one contiguous run of images
 * per worker thread; each product then runs single-threaded inside its task (the pool runs nested jobs on the
 * calling thread), which is cheaper than splitting every mid-sized product. Weight gradients are summed per run
 * and then added in run order, so the result does not depend on which thread ran which run. The products use
 * the backend's sgemm (its SIMD micro-kernel for the machine's vector width) through {@link #gemm}, the one
 * call into {@link Gemm}.
 */
final class PureConvolutionKernels implements ConvolutionKernels {
    private final PureBackend backend;

    PureConvolutionKernels(PureBackend backend) {
        this.backend = backend;
    }

    /** Per-thread scratch: the im2col matrix and one image's worth of output (or output gradient). */
    private static final class Scratch {
        float[] col = new float[0];
        float[] image = new float[0];

        float[] col(int n) {
            if (col.length < n) {
                col = new float[n];
            }
            return col;
        }

        float[] image(int n) {
            if (image.length < n) {
                image = new float[n];
            }
            return image;
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
        float[] x;
        float[] weight;
        float[] bias;
        float[] y;
        /** Weight-gradient partial sums per run: {@code dW (F x K)} then {@code db (F)}. */
        float[][] partials = new float[0][];

        @Override
        public void run(int task) {
            int from = (int) ((long) batch * task / runs);
            int to = (int) ((long) batch * (task + 1) / runs);
            Scratch s = SCRATCH.get();
            int k = channels * window.kernelH() * window.kernelW();
            int p = outH * outW;
            int inSize = channels * h * w;
            int outSize = filters * p;
            float[] col = s.col(k * p);
            float[] image = s.image(outSize);
            switch (mode) {
                case FORWARD -> {
                    for (int n = from; n < to; n++) {
                        Im2col.im2col(x, n * inSize, channels, h, w, window, outH, outW, col);
                        gemm(gemm, filters, p, k, weight, k, false, col, p, false, 0f, image, p);
                        int off = n * outSize;
                        for (int f = 0; f < filters; f++) {
                            float b = bias == null ? 0f : bias[f];
                            int row = f * p;
                            for (int i = 0; i < p; i++) {
                                y[off + row + i] = image[row + i] + b;
                            }
                        }
                    }
                }
                case INPUT_GRADIENT -> {
                    // here x is the input gradient (written) and y the output gradient (read)
                    for (int n = from; n < to; n++) {
                        System.arraycopy(y, n * outSize, image, 0, outSize);
                        gemm(gemm, k, p, filters, weight, k, true, image, p, false, 0f, col, p);
                        java.util.Arrays.fill(x, n * inSize, (n + 1) * inSize, 0f);
                        Im2col.col2im(col, channels, h, w, window, outH, outW, x, n * inSize);
                    }
                }
                case WEIGHT_GRADIENT -> {
                    float[] partial = partials[task];
                    java.util.Arrays.fill(partial, 0, filters * k + filters, 0f);
                    for (int n = from; n < to; n++) {
                        Im2col.im2col(x, n * inSize, channels, h, w, window, outH, outW, col);
                        System.arraycopy(y, n * outSize, image, 0, outSize);
                        gemm(gemm, filters, k, p, image, p, false, col, p, true, 1f, partial, k);
                        for (int f = 0; f < filters; f++) {
                            float sum = 0f;
                            int row = f * p;
                            for (int i = 0; i < p; i++) {
                                sum += image[row + i];
                            }
                            partial[filters * k + f] += sum;
                        }
                    }
                }
                default -> throw new IllegalStateException(mode.toString());
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

    private static final ThreadLocal<Job> JOBS = ThreadLocal.withInitial(Job::new);

    /** The one entry point into the backend's sgemm: row-major, leading dimensions, C from offset 0. */
    private static void gemm(Gemm gemm, int m, int n, int k, float[] a, int lda, boolean transA, float[] b, int ldb,
                             boolean transB, float beta, float[] c, int ldc) {
        gemm.multiply(m, n, k, 1f, a, lda, transA, b, ldb, transB, beta, c, ldc);
    }

    @Override
    public void conv2d(Tensor input, Tensor weight, Tensor bias, Window2d window, Tensor output) {
        KernelChecks.conv2d("conv2d", input, weight, bias, window, output);
        Job job = prepare("conv2d", Mode.FORWARD, input, weight, output, window);
        job.x = data("conv2d", input);
        job.y = data("conv2d", output);
        job.bias = bias == null ? null : data("conv2d", bias);
        run(job);
    }

    @Override
    public void conv2dInputGradient(Tensor gradOutput, Tensor weight, Window2d window, Tensor gradInput) {
        KernelChecks.conv2dInputGradient("conv2dInputGradient", gradOutput, weight, window, gradInput);
        Job job = prepare("conv2dInputGradient", Mode.INPUT_GRADIENT, gradInput, weight, gradOutput, window);
        job.x = data("conv2dInputGradient", gradInput);
        job.y = data("conv2dInputGradient", gradOutput);
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
        int k = job.channels * window.kernelH() * window.kernelW();
        int block = job.filters * k + job.filters;
        if (job.partials.length < job.runs) {
            job.partials = java.util.Arrays.copyOf(job.partials, job.runs);
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
                for (int i = 0; i < job.filters * k; i++) {
                    gw[i] += partial[i];
                }
                if (gb != null) {
                    for (int f = 0; f < job.filters; f++) {
                        gb[f] += partial[job.filters * k + f];
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
        job.weight = data(op, weight);
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
