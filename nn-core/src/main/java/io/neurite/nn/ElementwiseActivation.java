package io.neurite.nn;

import io.neurite.tensor.Shape;
import io.neurite.tensor.Tensor;
import java.util.List;

/**
 * Base of the parameter-free element-wise activations ({@link ReLU}, {@link Tanh}, ...): any input shape,
 * output of the same shape. A subclass gives the function and its backward as Tensor operations; this class
 * handles caching (the training input), buffer reuse and the inference path.
 */
public abstract class ElementwiseActivation implements Layer {
    private final BufferCache buffers = new BufferCache();
    private Tensor lastInput;

    /** Writes {@code f(x)} into {@code dest}. */
    protected abstract Tensor apply(Tensor x, Tensor dest);

    /** Writes {@code gradOutput * f'(x)} into {@code dest}, where {@code x} is the forward input. */
    protected abstract Tensor applyBackward(Tensor x, Tensor gradOutput, Tensor dest);

    @Override
    public Shape outputShape(Shape inputShape) {
        return inputShape;
    }

    @Override
    public Tensor forward(Tensor input, boolean training) {
        if (!training) {
            return apply(input, input.newLike());
        }
        lastInput = input;
        return apply(input, buffers.get("out", input.backend(), input.shape()));
    }

    @Override
    public Tensor backward(Tensor gradOutput) {
        if (lastInput == null) {
            throw new IllegalStateException(this + ": backward called before a training forward(x, true)");
        }
        if (!gradOutput.shape().equals(lastInput.shape())) {
            throw new IllegalArgumentException(this + ": gradOutput is " + gradOutput.shape()
                    + " but the last training output was " + lastInput.shape());
        }
        return applyBackward(lastInput, gradOutput, buffers.get("gradInput", gradOutput.backend(), gradOutput.shape()));
    }

    @Override
    public List<Parameter> parameters() {
        return List.of();
    }
}
