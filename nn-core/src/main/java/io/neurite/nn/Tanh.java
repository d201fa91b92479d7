package io.neurite.nn;

import io.neurite.kernel.ElementwiseFunction;

/** Hyperbolic tangent. */
public final class Tanh extends ElementwiseActivation {
    /** {@code tanh(x)} and {@code 1 - tanh(x)²}; every backend has a fast path for it. */
    public static final ElementwiseFunction FUNCTION = ElementwiseFunction.of("tanh", Math::tanh, x -> {
        double t = Math.tanh(x);
        return 1.0 - t * t;
    });

    @Override
    public ElementwiseFunction function() {
        return FUNCTION;
    }

    @Override
    public String toString() {
        return "Tanh";
    }
}
