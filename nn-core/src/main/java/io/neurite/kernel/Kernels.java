package io.neurite.kernel;

/**
 * What a backend implements below the user API: the kernels that layers' forward and backward passes call.
 * Users call {@link io.neurite.tensor.Tensor}; layers call {@code backend.kernels()}; a backend implements
 * both. Kernels come in families, one interface (and one file) per family, so that a new family (convolution,
 * pooling, normalisation) is one new interface here, one accessor below and one implementation per backend.
 *
 * <p>Every kernel writes into a destination the caller owns ({@code dest}), so that a training step can run
 * without allocating after its first batch, and every kernel is covered by the backend conformance kit.
 *
 * <p>What belongs here rather than on {@code Tensor}: operations whose only callers are layers and losses
 * (activation functions and their derivatives). General maths that a user would write in a loop of their
 * own (element-wise arithmetic, reductions along axes, broadcasts, permutes, gemm) stays on {@code Tensor}.
 */
public interface Kernels {

    /** Element-wise activation functions, forward and backward. */
    ActivationKernels activations();

    /** 2-D convolution forward and backward (Conv2D). */
    ConvolutionKernels convolution();

    /** Max and average pooling forward and backward (MaxPool2D, AvgPool2D, GlobalAvgPool2D). */
    PoolingKernels pooling();

    /** Batch-norm statistics, normalisation and its backward (BatchNorm). */
    NormalizationKernels normalization();

    /**
     * Optimizer updates, one pass per parameter (Adam, AdamW, SGD with momentum). The default is the generic
     * path written with Tensor ops ({@link TensorOptimizerKernels}); a backend overrides it with a fused one.
     */
    default OptimizerKernels optimizers() {
        return TensorOptimizerKernels.INSTANCE;
    }
}
