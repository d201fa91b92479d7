package io.neurite.backend.pure;

import io.neurite.kernel.KernelChecks;
import io.neurite.kernel.NormalizationKernels;
import io.neurite.kernel.NormalizationLoops;
import io.neurite.tensor.Shape;
import io.neurite.tensor.Tensor;

/**
 * Batch normalisation on {@code float[]}. Images ({@code [N, C, H, W]}) go through {@link BatchNormPlanes} (SIMD
 * on that path) in memory order, split over the worker threads by image plane: each kernel is one sequential
 * pass (the statistics read {@code x} once; the normalisation reads {@code x} and writes {@code y}; the backward
 * pass reads {@code x} and {@code dy} for its sums, then once more to write {@code dx}). Per-plane sums are added
 * up per channel on the calling thread, in plane order, so that results do not depend on the split. Vectors
 * ({@code [N, C]}, one value per plane) go through the plain loops of {@link NormalizationLoops}, split by
 * channel. One reusable job object per calling thread, so that a training step allocates nothing here.
 * {@code batchNormRelu} and its backward are the same passes with the ReLU inside ({@link BatchNormPlanes}'
 * {@code *Relu} loops; the backward recomputes the pre-activation from {@code x} with the forward's operations).
 */
final class PureNormalizationKernels implements NormalizationKernels {
    /**
     * Below this many elements a call takes the scalar loops even on the SIMD path, as {@code VectorKernels}' small
     * operations do (and for the same reason: a kernel called rarely on small tensors runs uncompiled for a long
     * time, and uncompiled Vector API code allocates every vector). Decided per call, never per thread's share,
     * so that a split does not change a result.
     */
    static final int SIMD_FROM = 4096;
    private static final BatchNormPlanes SCALAR = new BatchNormPlanes();

    private final PureBackend backend;
    private final BatchNormPlanes planes;

    PureNormalizationKernels(PureBackend backend) {
        this.backend = backend;
        this.planes = KernelPath.simdOrScalar(BatchNormPlanes.class, "VectorBatchNormPlanes", SCALAR);
    }

    private enum Mode { STATISTICS, NORMALIZE, GRADIENT_SUMS, INPUT_GRADIENT }

    /** One pass of a kernel over a range of planes (images) or of channels (vectors). */
    private static final class Job implements PureBackend.Range {
        BatchNormPlanes k;
        Mode mode;
        /** Batch norm followed by ReLU ({@code batchNormRelu} and its backward). */
        boolean relu;
        int batch;
        int channels;
        int plane;
        float epsilon;
        float[] x;
        float[] dy;
        float[] mean;
        float[] var;
        float[] gamma;
        float[] beta;
        float[] out;
        float[] gradGamma;
        float[] gradBeta;
        /** Two sums per plane (images), reused from call to call. */
        double[] sums = new double[0];
        /** Per-channel coefficients of the element-wise passes (the scale; a, b, k and the scale), reused. */
        float[] c0 = new float[0];
        float[] c1 = new float[0];
        float[] c2 = new float[0];
        float[] c3 = new float[0];
        /** The loops for {@code [N, C]} input, kept while the shape stays the same. */
        NormalizationLoops loops;
        Shape loopsShape;

        void shape(Shape s) {
            batch = s.dim(0);
            channels = s.dim(1);
            plane = s.rank() == 4 ? s.dim(2) * s.dim(3) : 1;
            if (plane == 1) {
                if (!s.equals(loopsShape)) {
                    loops = new NormalizationLoops(s);
                    loopsShape = s;
                }
                return;
            }
            int n = batch * channels;
            if (sums.length < 2 * n) {
                sums = new double[2 * n];
            }
            if (c0.length < channels) {
                c0 = new float[channels];
                c1 = new float[channels];
                c2 = new float[channels];
                c3 = new float[channels];
            }
        }

        @Override
        public void run(int from, int to) {
            if (plane == 1) {
                switch (mode) {
                    case STATISTICS -> loops.meanVariance(x, mean, var, from, to);
                    case NORMALIZE -> loops.normalize(x, mean, var, epsilon, gamma, beta, relu, out, from, to);
                    case INPUT_GRADIENT -> loops.backward(x, dy, mean, var, epsilon, gamma, beta, relu, out,
                            gradGamma, gradBeta, from, to);
                    default -> throw new IllegalStateException(mode.toString());
                }
                return;
            }
            if (relu) {
                switch (mode) {
                    case NORMALIZE -> k.normalizeRelu(x, plane, channels, mean, c0, beta, out, from, to);
                    case GRADIENT_SUMS -> k.gradientSumsRelu(dy, x, plane, channels, mean, c3, beta, from, to, sums);
                    case INPUT_GRADIENT -> k.inputGradientRelu(dy, x, plane, channels, c0, c1, mean, c2, c3, beta,
                            out, from, to);
                    default -> throw new IllegalStateException(mode.toString());
                }
                return;
            }
            switch (mode) {
                case STATISTICS -> k.shiftedSums(x, plane, channels, from, to, sums);
                case NORMALIZE -> k.normalize(x, plane, channels, mean, c0, beta, out, from, to);
                case GRADIENT_SUMS -> k.gradientSums(dy, x, plane, channels, mean, from, to, sums);
                case INPUT_GRADIENT -> k.inputGradient(dy, x, plane, channels, c0, c1, mean, c2, out, from, to);
                default -> throw new IllegalStateException(mode.toString());
            }
        }

        /** Adds plane sums {@code sums[2p + which]} of channel {@code c} over the batch, in plane order. */
        double channelSum(int c, int which) {
            double s = 0;
            for (int n = 0; n < batch; n++) {
                s += sums[2 * (n * channels + c) + which];
            }
            return s;
        }

        void clear() {
            x = null;
            dy = null;
            mean = null;
            var = null;
            gamma = null;
            beta = null;
            out = null;
            gradGamma = null;
            gradBeta = null;
            relu = false;
        }
    }

    private static final ThreadLocal<Job> JOBS = ThreadLocal.withInitial(Job::new);

    private Job job(Shape shape) {
        Job job = JOBS.get();
        if (job.x != null) {
            job = new Job(); // re-entered on this thread (cannot happen today; stay correct if it does)
        }
        job.k = shape.size() < SIMD_FROM ? SCALAR : planes;
        job.shape(shape);
        return job;
    }

    /** Runs one pass: over planes for images, over channels for vectors, split as the policy says pays. */
    private void pass(Job job, Mode mode) {
        job.mode = mode;
        int grain = backend.split().grain(SplitPolicy.Cost.STREAM);
        if (job.plane == 1) {
            backend.parallel(job.channels, Math.max(1, grain / Math.max(1, job.batch)), job);
        } else {
            backend.parallel(job.batch * job.channels, Math.max(1, grain / job.plane), job);
        }
    }

    @Override
    public void channelMeanVariance(Tensor x, Tensor mean, Tensor variance) {
        String op = "channelMeanVariance";
        KernelChecks.perChannel(op, x, mean, variance);
        Job job = job(x.shape());
        try {
            job.x = data(op, x);
            job.mean = data(op, mean);
            job.var = data(op, variance);
            pass(job, Mode.STATISTICS);
            if (job.plane > 1) {
                long count = (long) job.batch * job.plane;
                for (int c = 0; c < job.channels; c++) {
                    // the shifted-data algorithm of NormalizationLoops.meanVariance; the shift is BatchNormPlanes'
                    float shift = job.x[c * job.plane];
                    double meanShifted = job.channelSum(c, 0) / count;
                    job.mean[c] = (float) (shift + meanShifted);
                    job.var[c] = (float) Math.max(0, job.channelSum(c, 1) / count - meanShifted * meanShifted);
                }
            }
        } finally {
            job.clear();
        }
    }

    @Override
    public void batchNorm(Tensor x, Tensor mean, Tensor variance, float epsilon, Tensor gamma, Tensor beta,
                          Tensor y) {
        normalize("batchNorm", x, mean, variance, epsilon, gamma, beta, false, y);
    }

    @Override
    public void batchNormRelu(Tensor x, Tensor mean, Tensor variance, float epsilon, Tensor gamma, Tensor beta,
                              Tensor y) {
        normalize("batchNormRelu", x, mean, variance, epsilon, gamma, beta, true, y);
    }

    private void normalize(String op, Tensor x, Tensor mean, Tensor variance, float epsilon, Tensor gamma,
                           Tensor beta, boolean relu, Tensor y) {
        KernelChecks.perChannel(op, x, mean, variance, gamma, beta);
        KernelChecks.same(op, "x", x, "y", y);
        Job job = job(x.shape());
        try {
            job.x = data(op, x);
            job.mean = data(op, mean);
            job.var = data(op, variance);
            job.epsilon = epsilon;
            job.gamma = data(op, gamma);
            job.beta = data(op, beta);
            job.out = data(op, y);
            job.relu = relu;
            if (job.plane > 1) {
                for (int c = 0; c < job.channels; c++) {
                    job.c0[c] = scale(job, c);
                }
            }
            pass(job, Mode.NORMALIZE);
        } finally {
            job.clear();
        }
    }

    @Override
    public void batchNormBackward(Tensor x, Tensor gradY, Tensor mean, Tensor variance, float epsilon, Tensor gamma,
                                  Tensor gradX, Tensor gradGamma, Tensor gradBeta) {
        String op = "batchNormBackward";
        KernelChecks.perChannel(op, x, mean, variance, gamma, gradGamma, gradBeta);
        backward(op, x, gradY, mean, variance, epsilon, gamma, null, gradX, gradGamma, gradBeta);
    }

    @Override
    public void batchNormReluBackward(Tensor x, Tensor gradY, Tensor mean, Tensor variance, float epsilon,
                                      Tensor gamma, Tensor beta, Tensor gradX, Tensor gradGamma, Tensor gradBeta) {
        String op = "batchNormReluBackward";
        KernelChecks.perChannel(op, x, mean, variance, gamma, beta, gradGamma, gradBeta);
        backward(op, x, gradY, mean, variance, epsilon, gamma, beta, gradX, gradGamma, gradBeta);
    }

    /** The backward passes; with {@code beta}, through the ReLU after batch norm ({@code null}: batch norm alone). */
    private void backward(String op, Tensor x, Tensor gradY, Tensor mean, Tensor variance, float epsilon,
                          Tensor gamma, Tensor beta, Tensor gradX, Tensor gradGamma, Tensor gradBeta) {
        KernelChecks.same(op, "x", x, "gradY", gradY);
        KernelChecks.same(op, "x", x, "gradX", gradX);
        Job job = job(x.shape());
        try {
            job.x = data(op, x);
            job.dy = data(op, gradY);
            job.mean = data(op, mean);
            job.var = data(op, variance);
            job.epsilon = epsilon;
            job.gamma = data(op, gamma);
            job.out = data(op, gradX);
            job.gradGamma = data(op, gradGamma);
            job.gradBeta = data(op, gradBeta);
            if (beta != null) {
                job.beta = data(op, beta);
                job.relu = true;
            }
            if (job.plane > 1) {
                if (job.relu) {
                    for (int c = 0; c < job.channels; c++) {
                        job.c3[c] = scale(job, c); // the forward's scale, to recompute its pre-activation
                    }
                }
                pass(job, Mode.GRADIENT_SUMS);
                long count = (long) job.batch * job.plane;
                for (int c = 0; c < job.channels; c++) {
                    double sumDy = job.channelSum(c, 0);
                    double sumDyX = job.channelSum(c, 1);
                    double g = job.gamma[c];
                    double invStd = 1.0 / Math.sqrt((double) job.var[c] + epsilon);
                    // NormalizationKernels.batchNormBackward with the sums expanded, as in NormalizationLoops:
                    // dx = a * dy + b * (x - mean) + k
                    job.c0[c] = (float) (g * invStd);
                    job.c1[c] = (float) (-g * invStd * invStd * invStd * sumDyX / count);
                    job.c2[c] = (float) (-g * invStd * sumDy / count);
                    job.gradGamma[c] += (float) (sumDyX * invStd);
                    job.gradBeta[c] += (float) sumDy;
                }
            }
            pass(job, Mode.INPUT_GRADIENT);
        } finally {
            job.clear();
        }
    }

    /**
     * {@code gamma / sqrt(var + epsilon)} of channel {@code c}: one expression for the normalisation and for
     * the backward pass that recomputes its pre-activation ({@code NormalizationLoops} rounds it the same way).
     */
    private static float scale(Job job, int c) {
        return (float) (job.gamma[c] / Math.sqrt((double) job.var[c] + job.epsilon));
    }

    private float[] data(String op, Tensor t) {
        return PureTensor.cast(op, backend, t).data;
    }
}
