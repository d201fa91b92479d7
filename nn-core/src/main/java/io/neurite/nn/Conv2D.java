package io.neurite.nn;

import io.neurite.io.LayerCodec;
import io.neurite.kernel.Window2d;
import io.neurite.tensor.Backend;
import io.neurite.tensor.Shape;
import io.neurite.tensor.Tensor;
import java.util.List;
import java.util.Objects;

/**
 * A 2-D convolution (cross-correlation, as in PyTorch's {@code Conv2d} and ONNX's {@code Conv}) over NCHW
 * images: input {@code [batch, in, H, W]}, output {@code [batch, out, outH, outW]}.
 *
 * <p>The weight is {@code [out, in, kernelH, kernelW]} — PyTorch's and ONNX's layout, so a model file's
 * {@code .npy} entry loads into either without a transpose — and the optional bias {@code [out]} starts at
 * zero. The weight comes from an {@link Initializer} with fan-in {@code in * kh * kw} and fan-out
 * {@code out * kh * kw} (He before a ReLU, the default; Xavier before tanh/sigmoid). Forward, input gradient
 * and weight gradient are the backend's {@link io.neurite.kernel.ConvolutionKernels}.
 *
 * <pre>{@code
 * Conv2D conv = Conv2D.builder(1, 32, 3).padding(Padding.same()).init(Initializer.heNormal(1)).build();
 * }</pre>
 */
public final class Conv2D implements Layer {
    /** The model-file codec (type {@code Conv2D}). */
    public static final LayerCodec<Conv2D> CODEC = LayerCodec.of("Conv2D", Conv2D.class, Conv2D::writeConfig,
            Conv2D::fromConfig);

    private final int inChannels;
    private final int outChannels;
    private final int kernelH;
    private final int kernelW;
    private final int strideH;
    private final int strideW;
    private final int dilationH;
    private final int dilationW;
    private final Padding padding;
    private final boolean useBias;
    private final Initializer weightInit;

    private Parameter weight;
    private Parameter bias;
    private List<Parameter> parameters;
    private Shape builtInput;
    private Window2d window;

    private final BufferCache buffers = new BufferCache();
    private Tensor lastInput;

    private Conv2D(Builder b) {
        this.inChannels = b.inChannels;
        this.outChannels = b.outChannels;
        this.kernelH = b.kernelH;
        this.kernelW = b.kernelW;
        this.strideH = b.strideH;
        this.strideW = b.strideW;
        this.dilationH = b.dilationH;
        this.dilationW = b.dilationW;
        this.padding = b.padding;
        this.useBias = b.bias;
        this.weightInit = b.init;
    }

    /** A square {@code kernel x kernel} convolution with stride 1, the given padding and He-normal weights. */
    public Conv2D(int inChannels, int outChannels, int kernel, Padding padding, long seed) {
        this(builder(inChannels, outChannels, kernel).padding(padding).init(Initializer.heNormal(seed)).check());
    }

    /** A builder; everything but the channel counts and kernel size has a default (see {@link Builder}). */
    public static Builder builder(int inChannels, int outChannels, int kernel) {
        return new Builder(inChannels, outChannels, kernel, kernel);
    }

    /** As {@link #builder(int, int, int)} with a {@code kernelH x kernelW} kernel. */
    public static Builder builder(int inChannels, int outChannels, int kernelH, int kernelW) {
        return new Builder(inChannels, outChannels, kernelH, kernelW);
    }

    /**
     * The hyper-parameters of a Conv2D. Defaults: stride 1, {@link Padding#valid()}, dilation 1, a bias, and
     * He-normal weights from seed 0.
     */
    public static final class Builder {
        private final int inChannels;
        private final int outChannels;
        private final int kernelH;
        private final int kernelW;
        private int strideH = 1;
        private int strideW = 1;
        private int dilationH = 1;
        private int dilationW = 1;
        private Padding padding = Padding.valid();
        private boolean bias = true;
        private Initializer init = Initializer.heNormal(0);

        private Builder(int inChannels, int outChannels, int kernelH, int kernelW) {
            this.inChannels = inChannels;
            this.outChannels = outChannels;
            this.kernelH = kernelH;
            this.kernelW = kernelW;
        }

        public Builder stride(int stride) {
            return stride(stride, stride);
        }

        public Builder stride(int strideH, int strideW) {
            this.strideH = strideH;
            this.strideW = strideW;
            return this;
        }

        public Builder dilation(int dilation) {
            return dilation(dilation, dilation);
        }

        public Builder dilation(int dilationH, int dilationW) {
            this.dilationH = dilationH;
            this.dilationW = dilationW;
            return this;
        }

        public Builder padding(Padding padding) {
            this.padding = Objects.requireNonNull(padding, "padding");
            return this;
        }

        /** Whether the layer adds a bias (default true; turn it off before a BatchNorm, which has its own). */
        public Builder bias(boolean bias) {
            this.bias = bias;
            return this;
        }

        /** The weight initializer, e.g. {@link Initializer#heNormal} (before ReLU) or {@link Initializer#xavierUniform}. */
        public Builder init(Initializer init) {
            this.init = Objects.requireNonNull(init, "init");
            return this;
        }

        Builder check() {
            String name = "Conv2D " + inChannels + "→" + outChannels;
            if (inChannels < 1 || outChannels < 1) {
                throw new IllegalArgumentException(name + ": channel counts must be at least 1");
            }
            if (kernelH < 1 || kernelW < 1 || strideH < 1 || strideW < 1 || dilationH < 1 || dilationW < 1) {
                throw new IllegalArgumentException(name + ": kernel, stride and dilation must be at least 1 but are "
                        + kernelH + "x" + kernelW + ", " + strideH + "x" + strideW + ", " + dilationH + "x" + dilationW);
            }
            return this;
        }

        public Conv2D build() {
            return new Conv2D(check());
        }
    }

    public int inChannels() {
        return inChannels;
    }

    public int outChannels() {
        return outChannels;
    }

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

    public int dilationH() {
        return dilationH;
    }

    public int dilationW() {
        return dilationW;
    }

    public Padding padding() {
        return padding;
    }

    public boolean hasBias() {
        return useBias;
    }

    /** The {@code [out, in, kh, kw]} weight; fails if the layer is not built yet. */
    public Parameter weight() {
        requireBuilt();
        return weight;
    }

    /** The {@code [out]} bias, or null without one; fails if the layer is not built yet. */
    public Parameter bias() {
        requireBuilt();
        return bias;
    }

    /** The window for per-sample input {@code [in, h, w]}. */
    public Window2d window(int h, int w) {
        return padding.resolve(h, w, kernelH, kernelW, strideH, strideW, dilationH, dilationW);
    }

    @Override
    public Shape outputShape(Shape in) {
        String expected = "input [" + inChannels + ", height, width]";
        ImageShapes.requireImage(toString(), expected, in);
        if (in.dim(0) != inChannels) {
            throw new LayerShapeException(toString(), expected, in, "the input has " + in.dim(0) + " channels; make"
                    + " this layer Conv2D " + in.dim(0) + "→" + outChannels + " or the previous layer produce "
                    + inChannels + " channels");
        }
        return ImageShapes.output(toString(), expected, in, outChannels, window(in.dim(1), in.dim(2)));
    }

    @Override
    public void build(Backend backend, Shape in) {
        outputShape(in);
        if (weight != null) {
            if (weight.value().backend() != backend) {
                throw new IllegalStateException(this + " is already built on backend '"
                        + weight.value().backend().name() + "' and cannot be built again on '" + backend.name()
                        + "'; create a new layer (or copy the weights with tensor.to(backend))");
            }
            if (!in.equals(builtInput)) {
                throw new IllegalStateException(this + " is already built for input " + builtInput
                        + " and cannot be built again for " + in);
            }
            return;
        }
        Shape shape = Shape.of(outChannels, inChannels, kernelH, kernelW);
        int area = kernelH * kernelW;
        Tensor w = weightInit.create(backend, shape, inChannels * area, outChannels * area);
        if (!w.shape().equals(shape) || w.backend() != backend) {
            throw new IllegalStateException(this + ": the initializer " + weightInit + " returned " + w.shape()
                    + " on '" + w.backend().name() + "' instead of " + shape + " on '" + backend.name() + "'");
        }
        weight = new Parameter("weight", w);
        bias = useBias ? Parameter.noDecay("bias", backend.zeros(Shape.of(outChannels))) : null;
        parameters = useBias ? List.of(weight, bias) : List.of(weight);
        builtInput = in;
        window = window(in.dim(1), in.dim(2));
    }

    @Override
    public Tensor forward(Tensor input, boolean training) {
        requireBuilt();
        Shape s = input.shape();
        if (s.rank() != 4 || s.dim(1) != builtInput.dim(0) || s.dim(2) != builtInput.dim(1)
                || s.dim(3) != builtInput.dim(2)) {
            throw new IllegalArgumentException(this + ": the input batch is " + s + " but this layer was built for"
                    + " [batch, " + builtInput.dim(0) + ", " + builtInput.dim(1) + ", " + builtInput.dim(2) + "]");
        }
        Backend backend = weight.value().backend();
        Shape outShape = Shape.of(s.dim(0), outChannels, window.outH(s.dim(2)), window.outW(s.dim(3)));
        Tensor out = training ? buffers.get("out", backend, outShape) : backend.zeros(outShape);
        backend.kernels().convolution().conv2d(input, weight.value(), useBias ? bias.value() : null, window, out);
        if (training) {
            lastInput = input;
        }
        return out;
    }

    @Override
    public Tensor backward(Tensor gradOutput) {
        return backward(gradOutput, true);
    }

    @Override
    public Tensor backward(Tensor gradOutput, boolean inputGradientNeeded) {
        requireBuilt();
        if (lastInput == null) {
            throw new IllegalStateException(this + ": backward called before a training forward(x, true)");
        }
        Shape xs = lastInput.shape();
        Shape expected = Shape.of(xs.dim(0), outChannels, window.outH(xs.dim(2)), window.outW(xs.dim(3)));
        if (!gradOutput.shape().equals(expected)) {
            throw new IllegalArgumentException(this + ": gradOutput is " + gradOutput.shape()
                    + " but the last training output was " + expected);
        }
        Backend backend = weight.value().backend();
        backend.kernels().convolution().conv2dWeightGradient(lastInput, gradOutput, window, weight.grad(),
                useBias ? bias.grad() : null);
        if (!inputGradientNeeded) {
            return null;
        }
        Tensor gradInput = buffers.get("gradInput", backend, xs);
        backend.kernels().convolution().conv2dInputGradient(gradOutput, weight.value(), window, gradInput);
        return gradInput;
    }

    @Override
    public List<Parameter> parameters() {
        requireBuilt();
        return parameters;
    }

    private void requireBuilt() {
        if (weight == null) {
            throw new IllegalStateException(this + " is not built yet: add it to a Sequential, or call build(backend, "
                    + "Shape.of(" + inChannels + ", height, width))");
        }
    }

    private static void writeConfig(Conv2D layer, io.neurite.io.LayerConfig config) {
        config.put("in_channels", layer.inChannels).put("out_channels", layer.outChannels)
                .put("kernel_h", layer.kernelH).put("kernel_w", layer.kernelW)
                .put("stride_h", layer.strideH).put("stride_w", layer.strideW)
                .put("dilation_h", layer.dilationH).put("dilation_w", layer.dilationW)
                .put("bias", layer.useBias);
        PaddingConfig.write(layer.padding, config);
    }

    private static Conv2D fromConfig(io.neurite.io.LayerConfig config) {
        return builder(config.getInt("in_channels"), config.getInt("out_channels"), config.getInt("kernel_h"),
                config.getInt("kernel_w"))
                .stride(config.getInt("stride_h"), config.getInt("stride_w"))
                .dilation(config.getInt("dilation_h"), config.getInt("dilation_w"))
                .padding(PaddingConfig.read(config))
                .bias(config.getBoolean("bias"))
                // The weights are overwritten from the file right after building; zeros draw no random numbers.
                .init(Initializer.zeros())
                .build();
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("Conv2D ").append(inChannels).append('→').append(outChannels).append(' ')
                .append(kernelH).append('x').append(kernelW);
        if (strideH != 1 || strideW != 1) {
            sb.append(" s").append(strideH == strideW ? "" + strideH : strideH + "x" + strideW);
        }
        if (dilationH != 1 || dilationW != 1) {
            sb.append(" d").append(dilationH == dilationW ? "" + dilationH : dilationH + "x" + dilationW);
        }
        if (padding.mode() != Padding.Mode.VALID) {
            sb.append(' ').append(padding);
        }
        return sb.toString();
    }
}
