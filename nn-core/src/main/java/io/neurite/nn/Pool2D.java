package io.neurite.nn;

import io.neurite.io.LayerConfig;
import io.neurite.kernel.PoolingKernels;
import io.neurite.kernel.Window2d;
import io.neurite.tensor.Backend;
import io.neurite.tensor.Shape;
import io.neurite.tensor.Tensor;
import java.util.List;
import java.util.Objects;

/**
 * What {@link MaxPool2D} and {@link AvgPool2D} share: a window per channel over NCHW images, no parameters,
 * the backend's {@link PoolingKernels}. Input {@code [batch, C, H, W]}, output {@code [batch, C, outH, outW]}.
 */
abstract class Pool2D implements Layer {
    private final int kernelH;
    private final int kernelW;
    private final int strideH;
    private final int strideW;
    private final Padding padding;
    private final BufferCache buffers = new BufferCache();
    private Tensor lastInput;
    private Window2d lastWindow;

    Pool2D(String name, int kernelH, int kernelW, int strideH, int strideW, Padding padding) {
        if (kernelH < 1 || kernelW < 1 || strideH < 1 || strideW < 1) {
            throw new IllegalArgumentException(name + ": kernel and stride must be at least 1 but are " + kernelH
                    + "x" + kernelW + " and " + strideH + "x" + strideW);
        }
        this.kernelH = kernelH;
        this.kernelW = kernelW;
        this.strideH = strideH;
        this.strideW = strideW;
        this.padding = Objects.requireNonNull(padding, "padding");
    }

    abstract void pool(PoolingKernels kernels, Tensor input, Window2d window, Tensor output);

    abstract void poolBackward(PoolingKernels kernels, Tensor input, Tensor gradOutput, Window2d window,
                               Tensor gradInput);

    abstract String typeName();

    public int kernelH() {
        return kernelH;
    }

    public int kernelW() {
        return kernelW;
    }

    public int strideH() {
        return strideH;
    }

    public int strideW() {
        return strideW;
    }

    public Padding padding() {
        return padding;
    }

    /** The window for inputs of {@code h x w}. */
    public Window2d window(int h, int w) {
        return padding.resolve(h, w, kernelH, kernelW, strideH, strideW, 1, 1);
    }

    @Override
    public Shape outputShape(Shape in) {
        String expected = "input [channels, height, width]";
        ImageShapes.requireImage(toString(), expected, in);
        Window2d w = window(in.dim(1), in.dim(2));
        if (w.padTop() >= kernelH || w.padBottom() >= kernelH || w.padLeft() >= kernelW || w.padRight() >= kernelW) {
            throw new LayerShapeException(toString(), expected, in, "its padding " + padding
                    + " is as large as the window, so some windows would lie wholly on padding; pad less");
        }
        return ImageShapes.output(toString(), expected, in, in.dim(0), w);
    }

    @Override
    public Tensor forward(Tensor input, boolean training) {
        Shape s = input.shape();
        if (s.rank() != 4) {
            throw new IllegalArgumentException(this + ": the input batch is " + s + " but must be [batch, channels,"
                    + " height, width]");
        }
        Window2d w = window(s.dim(2), s.dim(3));
        Backend backend = input.backend();
        Shape outShape = Shape.of(s.dim(0), s.dim(1), w.outH(s.dim(2)), w.outW(s.dim(3)));
        Tensor out = training ? buffers.get("out", backend, outShape) : backend.zeros(outShape);
        pool(backend.kernels().pooling(), input, w, out);
        if (training) {
            lastInput = input;
            lastWindow = w;
        }
        return out;
    }

    @Override
    public Tensor backward(Tensor gradOutput) {
        if (lastInput == null) {
            throw new IllegalStateException(this + ": backward called before a training forward(x, true)");
        }
        Tensor gradInput = buffers.get("gradInput", gradOutput.backend(), lastInput.shape());
        poolBackward(gradOutput.backend().kernels().pooling(), lastInput, gradOutput, lastWindow, gradInput);
        return gradInput;
    }

    @Override
    public List<Parameter> parameters() {
        return List.of();
    }

    void writeConfig(LayerConfig config) {
        config.put("kernel_h", kernelH).put("kernel_w", kernelW).put("stride_h", strideH).put("stride_w", strideW);
        PaddingConfig.write(padding, config);
    }

    /** {@code [kernelH, kernelW, strideH, strideW]} and the padding, read from a config. */
    static int[] readSizes(LayerConfig config) {
        return new int[] {config.getInt("kernel_h"), config.getInt("kernel_w"), config.getInt("stride_h"),
                          config.getInt("stride_w")};
    }

    static Padding readPadding(LayerConfig config) {
        return PaddingConfig.read(config);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(typeName()).append(' ').append(kernelH).append('x').append(kernelW);
        if (strideH != kernelH || strideW != kernelW) {
            sb.append(" s").append(strideH == strideW ? "" + strideH : strideH + "x" + strideW);
        }
        if (padding.mode() != Padding.Mode.VALID) {
            sb.append(' ').append(padding);
        }
        return sb.toString();
    }
}
