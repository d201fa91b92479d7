package io.neurite.nn;

import io.neurite.io.LayerCodec;
import io.neurite.tensor.Shape;
import io.neurite.tensor.Tensor;
import java.util.List;

/**
 * Flattens each sample to a vector, {@code [batch, C, H, W] → [batch, C * H * W]} in row-major (NCHW) order,
 * as PyTorch's {@code Flatten} does: the bridge from convolutions to {@link Dense}. A reshaped view, no copy:
 * the output shares storage with the input.
 */
public final class Flatten implements Layer {
    /** The model-file codec (type {@code Flatten}). */
    public static final LayerCodec<Flatten> CODEC = LayerCodec.stateless("Flatten", Flatten.class, Flatten::new);

    private final ViewCache forwardView = new ViewCache();
    private final ViewCache backwardView = new ViewCache();
    private Shape lastInputShape;
    /** The last flattened shape, kept so that a training step allocates no Shape. */
    private volatile Shape lastFlat;

    @Override
    public Shape outputShape(Shape in) {
        return Shape.of(in.size());
    }

    @Override
    public Tensor forward(Tensor input, boolean training) {
        Shape flat = lastFlat;
        if (flat == null || flat.dim(0) != input.shape().dim(0) || flat.size() != input.size()) {
            flat = input.shape().flattenToMatrix();
            lastFlat = flat;
        }
        if (!training) {
            return input.reshape(flat);
        }
        lastInputShape = input.shape();
        return forwardView.view(input, flat);
    }

    @Override
    public Tensor backward(Tensor gradOutput) {
        if (lastInputShape == null) {
            throw new IllegalStateException(this + ": backward called before a training forward(x, true)");
        }
        if (gradOutput.size() != lastInputShape.size()) {
            throw new IllegalArgumentException(this + ": gradOutput is " + gradOutput.shape()
                    + " but the last training input was " + lastInputShape);
        }
        return backwardView.view(gradOutput, lastInputShape);
    }

    @Override
    public List<Parameter> parameters() {
        return List.of();
    }

    @Override
    public String toString() {
        return "Flatten";
    }
}
