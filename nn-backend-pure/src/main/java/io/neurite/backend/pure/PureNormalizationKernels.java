package io.neurite.backend.pure;

import io.neurite.kernel.KernelChecks;
import io.neurite.kernel.NormalizationKernels;
import io.neurite.kernel.NormalizationLoops;
import io.neurite.tensor.Tensor;

/** Batch normalisation as the loops of {@link NormalizationLoops}, split over the worker threads by channel. */
final class PureNormalizationKernels implements NormalizationKernels {
    private final PureBackend backend;

    PureNormalizationKernels(PureBackend backend) {
        this.backend = backend;
    }

    @Override
    public void channelMeanVariance(Tensor x, Tensor mean, Tensor variance) {
        KernelChecks.perChannel("channelMeanVariance", x, mean, variance);
        float[] xs = data("channelMeanVariance", x);
        float[] ms = data("channelMeanVariance", mean);
        float[] vs = data("channelMeanVariance", variance);
        NormalizationLoops l = new NormalizationLoops(x.shape());
        backend.parallel(l.channels(), l.grain(), (from, to) -> l.meanVariance(xs, ms, vs, from, to));
    }

    @Override
    public void batchNorm(Tensor x, Tensor mean, Tensor variance, float epsilon, Tensor gamma, Tensor beta,
                          Tensor y) {
        KernelChecks.perChannel("batchNorm", x, mean, variance, gamma, beta);
        KernelChecks.same("batchNorm", "x", x, "y", y);
        float[] xs = data("batchNorm", x);
        float[] ms = data("batchNorm", mean);
        float[] vs = data("batchNorm", variance);
        float[] gs = data("batchNorm", gamma);
        float[] bs = data("batchNorm", beta);
        float[] ys = data("batchNorm", y);
        NormalizationLoops l = new NormalizationLoops(x.shape());
        backend.parallel(l.channels(), l.grain(), (from, to) -> l.normalize(xs, ms, vs, epsilon, gs, bs, ys, from, to));
    }

    @Override
    public void batchNormBackward(Tensor x, Tensor gradY, Tensor mean, Tensor variance, float epsilon, Tensor gamma,
                                  Tensor gradX, Tensor gradGamma, Tensor gradBeta) {
        String op = "batchNormBackward";
        KernelChecks.perChannel(op, x, mean, variance, gamma, gradGamma, gradBeta);
        KernelChecks.same(op, "x", x, "gradY", gradY);
        KernelChecks.same(op, "x", x, "gradX", gradX);
        float[] xs = data(op, x);
        float[] dys = data(op, gradY);
        float[] ms = data(op, mean);
        float[] vs = data(op, variance);
        float[] gs = data(op, gamma);
        float[] dxs = data(op, gradX);
        float[] dgs = data(op, gradGamma);
        float[] dbs = data(op, gradBeta);
        NormalizationLoops l = new NormalizationLoops(x.shape());
        backend.parallel(l.channels(), l.grain(),
                (from, to) -> l.backward(xs, dys, ms, vs, epsilon, gs, dxs, dgs, dbs, from, to));
    }

    private float[] data(String op, Tensor t) {
        return PureTensor.cast(op, backend, t).data;
    }
}
