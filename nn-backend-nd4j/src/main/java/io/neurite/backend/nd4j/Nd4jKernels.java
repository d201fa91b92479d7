package io.neurite.backend.nd4j;

import io.neurite.kernel.ActivationKernels;
import io.neurite.kernel.ConvolutionKernels;
import io.neurite.kernel.Kernels;
import io.neurite.kernel.NormalizationKernels;
import io.neurite.kernel.OptimizerKernels;
import io.neurite.kernel.PoolingKernels;

/** The nd4j backend's kernels on {@link Nd4jTensor}s, one object per family. */
final class Nd4jKernels implements Kernels {
    private final Nd4jActivationKernels activations;
    private final ConvolutionKernels convolution;
    private final PoolingKernels pooling;
    private final NormalizationKernels normalization;
    private final OptimizerKernels optimizers;

    Nd4jKernels(Nd4jBackend backend) {
        this.activations = new Nd4jActivationKernels(backend);
        this.convolution = new Nd4jConvolutionKernels(backend);
        this.pooling = new Nd4jPoolingKernels(backend);
        this.normalization = new Nd4jNormalizationKernels(backend);
        this.optimizers = new Nd4jOptimizerKernels(backend);
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
