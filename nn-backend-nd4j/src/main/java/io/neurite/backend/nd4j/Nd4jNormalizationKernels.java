package io.neurite.backend.nd4j;

import io.neurite.kernel.KernelChecks;
import io.neurite.kernel.NormalizationKernels;
import io.neurite.kernel.NormalizationLoops;
import io.neurite.tensor.Tensor;

/**
 * Batch normalisation as the loops of {@link NormalizationLoops} (the pure backend's, sums in double) on
 * per-thread heap copies of the native tensors, so that both backends compute the same statistics. The
 * per-channel tensors too go through {@link HeapScratch}'s slots (3: mean, 4: variance, 5: gamma, 6: beta,
 * 7 and 8: their gradients), not {@code toFloatArray}, so that a training step allocates no arrays here.
 */
final class Nd4jNormalizationKernels implements NormalizationKernels {
    private final Nd4jBackend backend;

    Nd4jNormalizationKernels(Nd4jBackend backend) {
        this.backend = backend;
    }

    @Override
    public void channelMeanVariance(Tensor x, Tensor mean, Tensor variance) {
        KernelChecks.perChannel("channelMeanVariance", x, mean, variance);
        HeapScratch s = HeapScratch.get();
        float[] xs = s.copyOf(0, cast("channelMeanVariance", x));
        float[] ms = s.slot(3, mean.size());
        float[] vs = s.slot(4, variance.size());
        NormalizationLoops l = new NormalizationLoops(x.shape());
        l.meanVariance(xs, ms, vs, 0, l.channels());
        HeapScratch.copyInto(ms, cast("channelMeanVariance", mean));
        HeapScratch.copyInto(vs, cast("channelMeanVariance", variance));
    }

    @Override
    public void batchNorm(Tensor x, Tensor mean, Tensor variance, float epsilon, Tensor gamma, Tensor beta,
                          Tensor y) {
        KernelChecks.perChannel("batchNorm", x, mean, variance, gamma, beta);
        KernelChecks.same("batchNorm", "x", x, "y", y);
        HeapScratch s = HeapScratch.get();
        float[] xs = s.copyOf(0, cast("batchNorm", x));
        float[] ys = s.slot(1, y.size());
        NormalizationLoops l = new NormalizationLoops(x.shape());
        l.normalize(xs, s.copyOf(3, cast("batchNorm", mean)), s.copyOf(4, cast("batchNorm", variance)), epsilon,
                s.copyOf(5, cast("batchNorm", gamma)), s.copyOf(6, cast("batchNorm", beta)), ys, 0, l.channels());
        HeapScratch.copyInto(ys, cast("batchNorm", y));
    }

    @Override
    public void batchNormBackward(Tensor x, Tensor gradY, Tensor mean, Tensor variance, float epsilon, Tensor gamma,
                                  Tensor gradX, Tensor gradGamma, Tensor gradBeta) {
        String op = "batchNormBackward";
        KernelChecks.perChannel(op, x, mean, variance, gamma, gradGamma, gradBeta);
        KernelChecks.same(op, "x", x, "gradY", gradY);
        KernelChecks.same(op, "x", x, "gradX", gradX);
        HeapScratch s = HeapScratch.get();
        float[] xs = s.copyOf(0, cast(op, x));
        float[] dys = s.copyOf(1, cast(op, gradY));
        float[] dxs = s.slot(2, gradX.size());
        float[] dgs = s.copyOf(7, cast(op, gradGamma));
        float[] dbs = s.copyOf(8, cast(op, gradBeta));
        NormalizationLoops l = new NormalizationLoops(x.shape());
        l.backward(xs, dys, s.copyOf(3, cast(op, mean)), s.copyOf(4, cast(op, variance)), epsilon,
                s.copyOf(5, cast(op, gamma)), dxs, dgs, dbs, 0, l.channels());
        HeapScratch.copyInto(dxs, cast(op, gradX));
        HeapScratch.copyInto(dgs, cast(op, gradGamma));
        HeapScratch.copyInto(dbs, cast(op, gradBeta));
    }

    private Nd4jTensor cast(String op, Tensor t) {
        return Nd4jTensor.cast(op, backend, t);
    }
}
