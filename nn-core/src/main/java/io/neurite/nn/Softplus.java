package io.neurite.nn;

import io.neurite.io.LayerCodec;
import io.neurite.kernel.ElementwiseFunction;

/**
 * {@code log(1 + exp(x))}, a smooth ReLU (PyTorch {@code nn.Softplus} with β = 1), computed as
 * {@code max(x, 0) + log1p(exp(-|x|))} so that it never overflows. Its derivative is the logistic sigmoid.
 * {@link io.neurite.loss.BinaryCrossEntropy} uses the same function.
 */
public final class Softplus extends ElementwiseActivation {
    /** {@code log(1 + exp(x))} and {@code σ(x)}; every backend has a fast path for the forward pass. */
    public static final ElementwiseFunction FUNCTION = ElementwiseFunction.of("softplus",
            x -> Math.max(x, 0.0) + Math.log1p(Math.exp(-Math.abs(x))), Sigmoid::logistic);

    /** How model files save it: a type name and no configuration. */
    public static final LayerCodec<Softplus> CODEC = LayerCodec.stateless("Softplus", Softplus.class, Softplus::new);

    @Override
    public ElementwiseFunction function() {
        return FUNCTION;
    }

    @Override
    public String toString() {
        return "Softplus";
    }
}
