package io.neurite.kernel;

import io.neurite.tensor.Tensor;

/**
 * The optimizer kernel family: one parameter's whole update in one pass over its elements, instead of the
 * ten or so element-wise {@link Tensor} passes the update rule takes when written with Tensor ops. Reached
 * through {@code backend.kernels().optimizers()}; the optimizers in {@code io.neurite.optim} call it.
 *
 * <p>{@link TensorOptimizerKernels} is the generic path, the same rules written with Tensor ops, which
 * runs on any backend and is what {@link Kernels#optimizers()} returns unless a backend has a fused path.
 * A fused path must match the arithmetic of {@link AdamStep} and {@link MomentumStep} to float rounding
 * (the conformance kit checks both against a double-precision reference).
 *
 * <p>Contract: every tensor has {@code param}'s shape and belongs to this backend; {@code param} and the
 * state tensors are overwritten; {@code grad} is read only; {@code scratch} is a tensor of the same shape
 * whose contents are undefined before and after (the generic path needs it, a fused path ignores it);
 * nothing is allocated. Shape errors name the kernel, both shapes and a fix.
 */
public interface OptimizerKernels {

    /** One Adam or AdamW update ({@link AdamStep}) of {@code param} with moments {@code m} and {@code v}. */
    void adam(AdamStep step, Tensor param, Tensor grad, Tensor m, Tensor v, Tensor scratch);

    /** One SGD-with-momentum update ({@link MomentumStep}) of {@code param} with momentum buffer {@code buffer}. */
    void momentum(MomentumStep step, Tensor param, Tensor grad, Tensor buffer);
}
