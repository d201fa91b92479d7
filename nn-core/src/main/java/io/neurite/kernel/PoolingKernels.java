package io.neurite.kernel;

import io.neurite.tensor.Tensor;

/**
 * Max and average pooling over NCHW float32 images, per channel: {@code input [N, C, H, W]},
 * {@code output [N, C, outH, outW]} with the sizes of {@link Window2d}. Kernels overwrite their destination
 * and allocate no tensor.
 *
 * <ul>
 *   <li>Max pooling ignores padding (padded positions are minus infinity). Its backward recomputes each
 *       window's maximum from the forward input and routes the gradient to it (the first in row-major order
 *       on ties), adding where windows overlap.</li>
 *   <li>Average pooling divides by the whole window, {@code kernelH * kernelW}, padded positions counting as
 *       zeros (PyTorch's {@code count_include_pad=True}, ONNX's {@code count_include_pad=1}).</li>
 * </ul>
 */
public interface PoolingKernels {

    void maxPool2d(Tensor input, Window2d window, Tensor output);

    /** {@code gradInput = dLoss/dInput} of {@link #maxPool2d} at {@code input}, given {@code gradOutput}. */
    void maxPool2dBackward(Tensor input, Tensor gradOutput, Window2d window, Tensor gradInput);

    void avgPool2d(Tensor input, Window2d window, Tensor output);

    /** {@code gradInput = dLoss/dInput} of {@link #avgPool2d}, given {@code gradOutput}. */
    void avgPool2dBackward(Tensor gradOutput, Window2d window, Tensor gradInput);
}
