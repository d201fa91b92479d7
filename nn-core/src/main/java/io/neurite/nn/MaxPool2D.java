package io.neurite.nn;

import io.neurite.io.LayerCodec;
import io.neurite.kernel.PoolingKernels;
import io.neurite.kernel.Window2d;
import io.neurite.tensor.Tensor;

/**
 * Max pooling: the largest value of each window, per channel; padding never wins (it counts as minus
 * infinity). The gradient goes to each window's maximum (the first on ties).
 * Input {@code [batch, C, H, W]}, output {@code [batch, C, outH, outW]}; no parameters.
 */
public final class MaxPool2D extends Pool2D {
    /** The model-file codec (type {@code MaxPool2D}). */
    public static final LayerCodec<MaxPool2D> CODEC = LayerCodec.of("MaxPool2D", MaxPool2D.class,
            (layer, config) -> layer.writeConfig(config), config -> {
                int[] s = readSizes(config);
                return new MaxPool2D(s[0], s[1], s[2], s[3], readPadding(config));
            });

    /** A {@code kernel x kernel} window moved by its own size (non-overlapping), without padding. */
    public MaxPool2D(int kernel) {
        this(kernel, kernel, kernel, kernel, Padding.valid());
    }

    /** A square window with the given stride and padding. */
    public MaxPool2D(int kernel, int stride, Padding padding) {
        this(kernel, kernel, stride, stride, padding);
    }

    public MaxPool2D(int kernelH, int kernelW, int strideH, int strideW, Padding padding) {
        super("MaxPool2D", kernelH, kernelW, strideH, strideW, padding);
    }

    @Override
    void pool(PoolingKernels kernels, Tensor input, Window2d window, Tensor output) {
        kernels.maxPool2d(input, window, output);
    }

    @Override
    void poolBackward(PoolingKernels kernels, Tensor input, Tensor gradOutput, Window2d window, Tensor gradInput) {
        kernels.maxPool2dBackward(input, gradOutput, window, gradInput);
    }

    @Override
    String typeName() {
        return "MaxPool2D";
    }
}
