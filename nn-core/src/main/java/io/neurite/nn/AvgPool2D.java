package io.neurite.nn;

import io.neurite.io.LayerCodec;
import io.neurite.kernel.PoolingKernels;
import io.neurite.kernel.Window2d;
import io.neurite.tensor.Tensor;

/**
 * Average pooling: the mean of each window, per channel, divided by the whole window even where it lies on
 * padding (PyTorch's {@code count_include_pad=True}).
 * Input {@code [batch, C, H, W]}, output {@code [batch, C, outH, outW]}; no parameters.
 */
public final class AvgPool2D extends Pool2D {
    /** The model-file codec (type {@code AvgPool2D}). */
    public static final LayerCodec<AvgPool2D> CODEC = LayerCodec.of("AvgPool2D", AvgPool2D.class,
            (layer, config) -> layer.writeConfig(config), config -> {
                int[] s = readSizes(config);
                return new AvgPool2D(s[0], s[1], s[2], s[3], readPadding(config));
            });

    /** A {@code kernel x kernel} window moved by its own size (non-overlapping), without padding. */
    public AvgPool2D(int kernel) {
        this(kernel, kernel, kernel, kernel, Padding.valid());
    }

    /** A square window with the given stride and padding. */
    public AvgPool2D(int kernel, int stride, Padding padding) {
        this(kernel, kernel, stride, stride, padding);
    }

    public AvgPool2D(int kernelH, int kernelW, int strideH, int strideW, Padding padding) {
        super("AvgPool2D", kernelH, kernelW, strideH, strideW, padding);
    }

    @Override
    void pool(PoolingKernels kernels, Tensor input, Window2d window, Tensor output) {
        kernels.avgPool2d(input, window, output);
    }

    @Override
    void poolBackward(PoolingKernels kernels, Tensor input, Tensor gradOutput, Window2d window, Tensor gradInput) {
        kernels.avgPool2dBackward(gradOutput, window, gradInput);
    }

    @Override
    String typeName() {
        return "AvgPool2D";
    }
}
