package io.neurite.nn;

import io.neurite.io.LayerCodec;
import io.neurite.tensor.Shape;
import io.neurite.tensor.Tensor;
import java.util.Arrays;
import java.util.List;

/**
 * Gives each sample another shape of the same size, {@code [batch, ...in] → [batch, ...shape]}, as a view
 * (no copy). The usual use: flat {@code [784]} pixel vectors into {@code [1, 28, 28]} images before a
 * {@link Conv2D}.
 */
public final class Reshape implements Layer {
    /** The model-file codec (type {@code Reshape}; the shape as a string such as {@code "1,28,28"}). */
    public static final LayerCodec<Reshape> CODEC = LayerCodec.of("Reshape", Reshape.class,
            (layer, config) -> config.put("shape", dimsText(layer.shape)),
            config -> new Reshape(parse(config.getString("shape"))));

    private final Shape shape;
    private final ViewCache forwardView = new ViewCache();
    private final ViewCache backwardView = new ViewCache();
    private Shape lastInputShape;
    /** The last {@code [batch, ...shape]}, kept so that a training step allocates no Shape. */
    private volatile Shape lastBatched;

    /** Per-sample target shape, e.g. {@code Shape.of(1, 28, 28)} (rank at most 3: the batch comes first). */
    public Reshape(Shape shape) {
        if (shape.rank() > Shape.MAX_RANK - 1) {
            throw new IllegalArgumentException("Reshape: the per-sample shape " + shape + " has rank " + shape.rank()
                    + "; with the batch dimension tensors have at most rank " + Shape.MAX_RANK);
        }
        this.shape = shape;
    }

    public Shape shape() {
        return shape;
    }

    @Override
    public Shape outputShape(Shape in) {
        if (in.size() != shape.size()) {
            throw new LayerShapeException(toString(), "input of " + shape.size() + " elements", in,
                    "the input has " + in.size() + " elements per sample; a reshape keeps their number");
        }
        return shape;
    }

    @Override
    public Tensor forward(Tensor input, boolean training) {
        Shape target = batched(input.shape().dim(0));
        if (!training) {
            return input.reshape(target);
        }
        lastInputShape = input.shape();
        return forwardView.view(input, target);
    }

    @Override
    public Tensor backward(Tensor gradOutput) {
        if (lastInputShape == null) {
            throw new IllegalStateException(this + ": backward called before a training forward(x, true)");
        }
        return backwardView.view(gradOutput, lastInputShape);
    }

    private Shape batched(int batch) {
        Shape b = lastBatched;
        if (b == null || b.dim(0) != batch) {
            int[] dims = new int[shape.rank() + 1];
            dims[0] = batch;
            System.arraycopy(shape.dims(), 0, dims, 1, shape.rank());
            b = Shape.of(dims);
            lastBatched = b;
        }
        return b;
    }

    @Override
    public List<Parameter> parameters() {
        return List.of();
    }

    private static String dimsText(Shape s) {
        StringBuilder sb = new StringBuilder();
        for (int d : s.dims()) {
            sb.append(sb.length() == 0 ? "" : ",").append(d);
        }
        return sb.toString();
    }

    private static Shape parse(String text) {
        try {
            return Shape.of(Arrays.stream(text.split(",")).mapToInt(t -> Integer.parseInt(t.trim())).toArray());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("config field 'shape' must be comma-separated integers such as"
                    + " \"1,28,28\" but is \"" + text + "\"", e);
        }
    }

    @Override
    public String toString() {
        return "Reshape " + shape;
    }
}
