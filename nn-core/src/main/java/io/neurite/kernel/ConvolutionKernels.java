package io.neurite.kernel;

import io.neurite.tensor.Tensor;

/**
 * 2-D convolution (cross-correlation, as in PyTorch and ONNX) over NCHW float32 images, and both of its
 * backward products.
 *
 * <p>Shapes: {@code input [N, C, H, W]}, {@code weight [F, C, kh, kw]} (PyTorch's and ONNX's layout),
 * {@code bias [F]} or {@code null}, {@code output [N, F, outH, outW]} with the sizes of {@link Window2d#outH}
 * and {@link Window2d#outW}. Every tensor belongs to the backend whose kernels are called; a wrong shape or
 * backend fails with the kernel's name, the shapes and what was expected. No kernel allocates a tensor; a
 * backend may keep reusable scratch memory between calls.
 *
 * <pre>
 *   output[n, f, oy, ox] = bias[f] + sum_{c, i, j} weight[f, c, i, j] * input[n, c, oy*sh - padTop + i*dh, ox*sw - padLeft + j*dw]
 * </pre>
 * (terms outside the input are zero padding).
 */
public interface ConvolutionKernels {

    /** {@code output = conv(input, weight) + bias}; overwrites {@code output}. {@code bias} may be null. */
    void conv2d(Tensor input, Tensor weight, Tensor bias, Window2d window, Tensor output);

    /** {@code gradInput = dLoss/dInput} for {@code gradOutput = dLoss/dOutput}; overwrites {@code gradInput}. */
    void conv2dInputGradient(Tensor gradOutput, Tensor weight, Window2d window, Tensor gradInput);

    /**
     * {@code gradWeight += dLoss/dWeight} and, unless it is null, {@code gradBias += dLoss/dBias} (the sums of
     * {@code gradOutput} over batch and pixels): accumulates, as parameter gradients do.
     */
    void conv2dWeightGradient(Tensor input, Tensor gradOutput, Window2d window, Tensor gradWeight, Tensor gradBias);
}
