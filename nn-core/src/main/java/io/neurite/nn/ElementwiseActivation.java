package io.neurite.nn;

import io.neurite.kernel.ElementwiseFunction;
import io.neurite.tensor.Shape;
import io.neurite.tensor.Tensor;
import java.util.List;

/**
 * Base of the parameter-free element-wise activations ({@link ReLU}, {@link Tanh}, {@link SiLU}, ...): any
 * input shape, output of the same shape. A subclass names its {@link ElementwiseFunction} (the scalar
 * definition of {@code f} and {@code f'}); this class runs it through the backend's activation kernels
 * ({@code backend.kernels().activations()}) and handles caching (the training input), buffer reuse and the
 * inference path. A subclass whose function is better written as a composition of Tensor operations
 * overrides {@link #apply} and {@link #applyBackward} instead.
 */
public abstract class ElementwiseActivation implements Layer {
    private final BufferCache buffers = new BufferCache();
    private Tensor lastInput;

    /** The function this layer applies, element by element. */
    public abstract ElementwiseFunction function();

    /** Writes {@code f(x)} into {@code dest}: by default the backend's activation kernel for {@link #function()}. */
    protected Tensor apply(Tensor x, Tensor dest) {
        return x.backend().kernels().activations().forward(function(), x, dest);
    }

    /** Writes {@code gradOutput * f'(x)} into {@code dest}, where {@code x} is the forward input. */
    protected Tensor applyBackward(Tensor x, Tensor gradOutput, Tensor dest) {
        return x.backend().kernels().activations().backward(function(), x, gradOutput, dest);
    }

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
