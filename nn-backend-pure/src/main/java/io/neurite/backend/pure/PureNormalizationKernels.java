package io.neurite.backend.pure;

import io.neurite.kernel.KernelChecks;
import io.neurite.kernel.NormalizationKernels;
import io.neurite.kernel.NormalizationLoops;
import io.neurite.tensor.Shape;
import io.neurite.tensor.Tensor;

/**
 * Batch normalisation split over the worker threads by channel. Images ({@code [N, C, H, W]}) go through the
 * element-wise kernels' batch-norm loops ({@link ScalarKernels#shiftedSums} and the rest: SIMD over each
 * image plane, double across planes); vectors ({@code [N, C]}, one value per plane) through the plain loops
 * of {@link NormalizationLoops}. One reusable job object per calling thread, so that a training step
 * allocates nothing here.
 */
final class PureNormalizationKernels implements NormalizationKernels {
    private final PureBackend backend;

    PureNormalizationKernels(PureBackend backend) {
        this.backend = backend;
    }

    private enum Mode { STATISTICS, NORMALIZE, BACKWARD }

    /** One kernel call over a range of channels. */
    private static final class Job implements PureBackend.Range {
        ScalarKernels k;
        Mode mode;
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
        /** The loops for {@code [N, C]} input, kept while the shape stays the same. */
        NormalizationLoops loops;
        Shape loopsShape;

        void shape(Shape s) {
            batch = s.dim(0);
            channels = s.dim(1);
            plane = s.rank() == 4 ? s.dim(2) * s.dim(3) : 1;
            if (plane == 1 && !s.equals(loopsShape)) {
                loops = new NormalizationLoops(s);
                loopsShape = s;
            }
        }

        /** Channels per parallel task: enough elements (about 16K) to be worth a hand-off. */
        int grain() {
            return Math.max(1, 16_384 / Math.max(1, batch * plane));
        }

        @Override
        public void run(int from, int to) {
            if (plane == 1) {
                switch (mode) {
                    case STATISTICS -> loops.meanVariance(x, mean, var, from, to);
                    case NORMALIZE -> loops.normalize(x, mean, var, epsilon, gamma, beta, out, from, to);
                    case BACKWARD -> loops.backward(x, dy, mean, var, epsilon, gamma, out, gradGamma, gradBeta, from,
                            to);
                    default -> throw new IllegalStateException(mode.toString());
                }
                return;
            }
            double[] acc = ACC.get();
            long count = (long) batch * plane;
            for (int c = from; c < to; c++) {
                switch (mode) {
                    case STATISTICS -> {
                        // the shifted-data algorithm of NormalizationLoops.meanVariance, the shift the first value
                        float shift = x[c * plane];
                        acc[0] = 0;
                        acc[1] = 0;
                        for (int n = 0; n < batch; n++) {
                            int o = (n * channels + c) * plane;
                            k.shiftedSums(x, o, o + plane, shift, acc);
                        }
                        double meanShifted = acc[0] / count;
                        mean[c] = (float) (shift + meanShifted);
                        var[c] = (float) Math.max(0, acc[1] / count - meanShifted * meanShifted);
                    }
                    case NORMALIZE -> {
                        float scale = (float) (gamma[c] / Math.sqrt((double) var[c] + epsilon));
                        float shift = beta[c] - mean[c] * scale;
                        for (int n = 0; n < batch; n++) {
                            int o = (n * channels + c) * plane;
                            k.scaleShift(x, scale, shift, out, o, o + plane);
                        }
                    }
                    case BACKWARD -> {
                        float m = mean[c];
                        acc[0] = 0;
                        acc[1] = 0;
                        for (int n = 0; n < batch; n++) {
                            int o = (n * channels + c) * plane;
                            k.gradientSums(dy, x, m, o, o + plane, acc);
                        }
                        double sumDy = acc[0];
                        double sumDyX = acc[1];
                        double invStd = 1.0 / Math.sqrt((double) var[c] + epsilon);
                        // NormalizationKernels.batchNormBackward with the sums expanded, as NormalizationLoops
                        float a = (float) (gamma[c] * invStd);
                        float b = (float) (-gamma[c] * invStd * invStd * invStd * sumDyX / count);
                        float kk = (float) (-gamma[c] * invStd * sumDy / count);
                        for (int n = 0; n < batch; n++) {
                            int o = (n * channels + c) * plane;
                            k.normGradient(dy, x, a, b, m, kk, out, o, o + plane);
                        }
                        gradGamma[c] += (float) (sumDyX * invStd);
                        gradBeta[c] += (float) sumDy;
                    }
                    default -> throw new IllegalStateException(mode.toString());
                }
            }
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
        }
    }

    private static final ThreadLocal<Job> JOBS = ThreadLocal.withInitial(Job::new);
    /** Per-thread sums of a channel: the worker threads run channels of the same call. */
    private static final ThreadLocal<double[]> ACC = ThreadLocal.withInitial(() -> new double[2]);

    private Job job(Mode mode, Shape shape) {
        Job job = JOBS.get();
        if (job.x != null) {
            job = new Job(); // re-entered on this thread (cannot happen today; stay correct if it does)
        }
        job.k = backend.kernels;
        job.mode = mode;
        job.shape(shape);
        return job;
    }

    private void run(Job job) {
        try {
            backend.parallel(job.channels, job.grain(), job);
        } finally {
            job.clear();
        }
    }

    @Override
    public void channelMeanVariance(Tensor x, Tensor mean, Tensor variance) {
        String op = "channelMeanVariance";
        KernelChecks.perChannel(op, x, mean, variance);
        Job job = job(Mode.STATISTICS, x.shape());
        job.x = data(op, x);
        job.mean = data(op, mean);
        job.var = data(op, variance);
        run(job);
    }

    @Override
    public void batchNorm(Tensor x, Tensor mean, Tensor variance, float epsilon, Tensor gamma, Tensor beta,
                          Tensor y) {
        String op = "batchNorm";
        KernelChecks.perChannel(op, x, mean, variance, gamma, beta);
        KernelChecks.same(op, "x", x, "y", y);
        Job job = job(Mode.NORMALIZE, x.shape());
        job.x = data(op, x);
        job.mean = data(op, mean);
        job.var = data(op, variance);
        job.epsilon = epsilon;
        job.gamma = data(op, gamma);
        job.beta = data(op, beta);
        job.out = data(op, y);
        run(job);
    }

    @Override
    public void batchNormBackward(Tensor x, Tensor gradY, Tensor mean, Tensor variance, float epsilon, Tensor gamma,
                                  Tensor gradX, Tensor gradGamma, Tensor gradBeta) {
        String op = "batchNormBackward";
        KernelChecks.perChannel(op, x, mean, variance, gamma, gradGamma, gradBeta);
        KernelChecks.same(op, "x", x, "gradY", gradY);
        KernelChecks.same(op, "x", x, "gradX", gradX);
        Job job = job(Mode.BACKWARD, x.shape());
        job.x = data(op, x);
        job.dy = data(op, gradY);
        job.mean = data(op, mean);
        job.var = data(op, variance);
        job.epsilon = epsilon;
        job.gamma = data(op, gamma);
        job.out = data(op, gradX);
        job.gradGamma = data(op, gradGamma);
        job.gradBeta = data(op, gradBeta);
        run(job);
    }

    private float[] data(String op, Tensor t) {
        return PureTensor.cast(op, backend, t).data;
    }
}
