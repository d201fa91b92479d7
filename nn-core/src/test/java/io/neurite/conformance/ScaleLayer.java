package io.neurite.conformance;

import io.neurite.nn.Layer;
import io.neurite.nn.Parameter;
import io.neurite.tensor.Shape;
import io.neurite.tensor.Tensor;
import java.util.List;

/** A user-defined layer the standard codecs do not know: {@code y = factor · x}. */
final class ScaleLayer implements Layer {
    final float factor;

    ScaleLayer(float factor) {
        this.factor = factor;
    }

    @Override
    public Shape outputShape(Shape inputShape) {
        return inputShape;
    }

    @Override
    public Tensor forward(Tensor input, boolean training) {
        return input.scale(factor);
    }

    @Override
    public Tensor backward(Tensor gradOutput) {
        return gradOutput.scale(factor);
    }

    @Override
    public List<Parameter> parameters() {
        return List.of();
    }

    @Override
    public String toString() {
        return "Scale(" + factor + ")";
    }
}
