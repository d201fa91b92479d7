package io.neurite.backend.pure;

import io.neurite.kernel.ActivationKernels;
import io.neurite.kernel.ConvolutionKernels;
import io.neurite.kernel.Kernels;
import io.neurite.kernel.NormalizationKernels;
import io.neurite.kernel.OptimizerKernels;
import io.neurite.kernel.PoolingKernels;

/** The pure backend's kernels on {@link PureTensor}s, one object per family. */
final class PureKernels implements Kernels {
    private final PureActivationKernels activations;
    private final ConvolutionKernels convolution;
    private final PoolingKernels pooling;
    private final NormalizationKernels normalization;
    private final OptimizerKernels optimizers;

    PureKernels(PureBackend backend) {
        this.activations = new PureActivationKernels(backend);
        this.convolution = new PureConvolutionKernels(backend);
        this.pooling = new PurePoolingKernels(backend);
        this.normalization = new PureNormalizationKernels(backend);
        this.optimizers = new PureOptimizerKernels(backend);
    }

    @Override
    public ActivationKernels activations() {
        return activations;
    }

    @Override
    public ConvolutionKernels convolution() {
        return convolution;
    }

    @Override
    public PoolingKernels pooling() {
        return pooling;
    }

    @Override
    public NormalizationKernels normalization() {
        return normalization;
    }

    @Override
    public OptimizerKernels optimizers() {
        return optimizers;
    }
}
