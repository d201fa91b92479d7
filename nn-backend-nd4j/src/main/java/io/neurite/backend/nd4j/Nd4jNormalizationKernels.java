package io.neurite.backend.nd4j;

import io.neurite.kernel.KernelChecks;
import io.neurite.kernel.NormalizationKernels;
import io.neurite.kernel.NormalizationLoops;
import io.neurite.tensor.Shape;
import io.neurite.tensor.Tensor;

/**
 * Batch normalisation as the loops of {@link NormalizationLoops} (the pure backend's, sums in double) on
 * per-thread heap copies of the native tensors, so that both backends compute the same statistics. The
 * per-channel tensors too go through {@link HeapScratch}'s slots (3: mean, 4: variance, 5: gamma, 6: beta,
 * 7 and 8: their gradients), not {@code toFloatArray}, and the loop objects are kept per shape there too, so
 * that a training step allocates nothing here.
 */
final class Nd4jNormalizationKernels implements NormalizationKernels {
    private final Nd4jBackend backend;

    Nd4jNormalizationKernels(Nd4jBackend backend) {
        this.backend = backend;
    }

    @Override
    public void channelMeanVariance(Tensor x, Tensor mean, Tensor variance) {
        perChannel("channelMeanVariance", x, mean);
        perChannel("channelMeanVariance", x, variance);
        HeapScratch s = HeapScratch.get();
        float[] xs = s.copyOf(0, cast("channelMeanVariance", x));
        float[] ms = s.slot(3, mean.size());
        float[] vs = s.slot(4, variance.size());
        NormalizationLoops l = s.normalizationLoops(x.shape());
        l.meanVariance(xs, ms, vs, 0, l.channels());
        HeapScratch.copyInto(ms, cast("channelMeanVariance", mean));
        HeapScratch.copyInto(vs, cast("channelMeanVariance", variance));
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
        perChannel(op, x, mean);
        perChannel(op, x, variance);
        perChannel(op, x, gamma);
        perChannel(op, x, beta);
        KernelChecks.same(op, "x", x, "y", y);
        HeapScratch s = HeapScratch.get();
        float[] xs = s.copyOf(0, cast(op, x));
        float[] ys = s.slot(1, y.size());
        NormalizationLoops l = s.normalizationLoops(x.shape());
        l.normalize(xs, s.copyOf(3, cast(op, mean)), s.copyOf(4, cast(op, variance)), epsilon,
                s.copyOf(5, cast(op, gamma)), s.copyOf(6, cast(op, beta)), relu, ys, 0, l.channels());
        HeapScratch.copyInto(ys, cast(op, y));
    }

    @Override
    public void batchNormBackward(Tensor x, Tensor gradY, Tensor mean, Tensor variance, float epsilon, Tensor gamma,
                                  Tensor gradX, Tensor gradGamma, Tensor gradBeta) {
        backward("batchNormBackward", x, gradY, mean, variance, epsilon, gamma, null, gradX, gradGamma, gradBeta);
    }

    @Override
    public void batchNormReluBackward(Tensor x, Tensor gradY, Tensor mean, Tensor variance, float epsilon,
                                      Tensor gamma, Tensor beta, Tensor gradX, Tensor gradGamma, Tensor gradBeta) {
        backward("batchNormReluBackward", x, gradY, mean, variance, epsilon, gamma, beta, gradX, gradGamma,
                gradBeta);
    }

    /** The backward pass; with {@code beta}, through the ReLU after it ({@code beta == null}: batch norm alone). */
    private void backward(String op, Tensor x, Tensor gradY, Tensor mean, Tensor variance, float epsilon,
                          Tensor gamma, Tensor beta, Tensor gradX, Tensor gradGamma, Tensor gradBeta) {
        boolean relu = beta != null;
        perChannel(op, x, mean);
        perChannel(op, x, variance);
        perChannel(op, x, gamma);
        if (relu) {
            perChannel(op, x, beta);
        }
        perChannel(op, x, gradGamma);
        perChannel(op, x, gradBeta);
        KernelChecks.same(op, "x", x, "gradY", gradY);
        KernelChecks.same(op, "x", x, "gradX", gradX);
        HeapScratch s = HeapScratch.get();
        float[] xs = s.copyOf(0, cast(op, x));
        float[] dys = s.copyOf(1, cast(op, gradY));
        float[] dxs = s.slot(2, gradX.size());
        float[] dgs = s.copyOf(7, cast(op, gradGamma));
        float[] dbs = s.copyOf(8, cast(op, gradBeta));
        NormalizationLoops l = s.normalizationLoops(x.shape());
        l.backward(xs, dys, s.copyOf(3, cast(op, mean)), s.copyOf(4, cast(op, variance)), epsilon,
                s.copyOf(5, cast(op, gamma)), relu ? s.copyOf(6, cast(op, beta)) : null, relu, dxs, dgs, dbs, 0,
                l.channels());
        HeapScratch.copyInto(dxs, cast(op, gradX));
        HeapScratch.copyInto(dgs, cast(op, gradGamma));
        HeapScratch.copyInto(dbs, cast(op, gradBeta));
    }

    /**
     * {@link KernelChecks#perChannel} for one operand, which is called only to throw its message: its varargs
     * array was the only allocation of these kernels.
     */
    private static void perChannel(String op, Tensor x, Tensor t) {
        Shape s = x.shape();
        if ((s.rank() != 2 && s.rank() != 4) || t.shape().rank() != 1 || t.shape().dim(0) != s.dim(1)) {
            KernelChecks.perChannel(op, x, t);
        }
    }

    private Nd4jTensor cast(String op, Tensor t) {
        return Nd4jTensor.cast(op, backend, t);
    }
}
