package io.neurite.nn;

import io.neurite.io.LayerCodec;
import io.neurite.kernel.Window2d;
import io.neurite.tensor.Backend;
import io.neurite.tensor.Shape;
import io.neurite.tensor.Tensor;
import java.util.List;

/**
 * The mean of each channel over the whole image, {@code [batch, C, H, W] → [batch, C]} (Keras's
 * {@code GlobalAveragePooling2D}; PyTorch's {@code AdaptiveAvgPool2d(1)} followed by a flatten). It is average
 * pooling with an {@code H x W} window, through the backend's pooling kernels.
 */
public final class GlobalAvgPool2D implements Layer {
    /** The model-file codec (type {@code GlobalAvgPool2D}). */
    public static final LayerCodec<GlobalAvgPool2D> CODEC = LayerCodec.stateless("GlobalAvgPool2D",
            GlobalAvgPool2D.class, GlobalAvgPool2D::new);

    private final BufferCache buffers = new BufferCache();
    private final ViewCache outView = new ViewCache();
    private final ViewCache gradView = new ViewCache();
    private Tensor lastInput;

    @Override
    public Shape outputShape(Shape in) {
        ImageShapes.requireImage(toString(), "input [channels, height, width]", in);
        return Shape.of(in.dim(0));
    }

    @Override
    public Tensor forward(Tensor input, boolean training) {
        Shape s = input.shape();
        if (s.rank() != 4) {
            throw new IllegalArgumentException(this + ": the input batch is " + s + " but must be [batch, channels,"
                    + " height, width]");
        }
        Backend backend = input.backend();
        Shape pooled = Shape.of(s.dim(0), s.dim(1), 1, 1);
        Tensor out = training ? buffers.get("out", backend, pooled) : backend.zeros(pooled);
        backend.kernels().pooling().avgPool2d(input, window(s), out);
        if (!training) {
            return out.reshape(Shape.of(s.dim(0), s.dim(1)));
        }
        lastInput = input;
        return outView.view(out, Shape.of(s.dim(0), s.dim(1)));
    }

    private static Window2d window(Shape s) {
        return new Window2d(s.dim(2), s.dim(3), 1, 1, 0, 0, 0, 0, 1, 1);
    }

    @Override
    public Tensor backward(Tensor gradOutput) {
        if (lastInput == null) {
            throw new IllegalStateException(this + ": backward called before a training forward(x, true)");
        }
        Shape s = lastInput.shape();
        if (gradOutput.shape().rank() != 2 || gradOutput.shape().dim(0) != s.dim(0)
                || gradOutput.shape().dim(1) != s.dim(1)) {
            throw new IllegalArgumentException(this + ": gradOutput is " + gradOutput.shape() + " but the last"
                    + " training output was [" + s.dim(0) + ", " + s.dim(1) + "]");
        }
        Tensor gradInput = buffers.get("gradInput", gradOutput.backend(), s);
        Tensor dy = gradView.view(gradOutput, Shape.of(s.dim(0), s.dim(1), 1, 1));
        gradOutput.backend().kernels().pooling().avgPool2dBackward(dy, window(s), gradInput);
        return gradInput;
    }

    @Override
    public List<Parameter> parameters() {
        return List.of();
    }

    @Override
    public String toString() {
        return "GlobalAvgPool2D";
    }
}
