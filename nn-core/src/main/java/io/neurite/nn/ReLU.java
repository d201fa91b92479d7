package io.neurite.nn;

import io.neurite.kernel.ElementwiseFunction;

/** Rectified linear unit, {@code max(x, 0)}; its derivative at 0 is taken as 0. */
public final class ReLU extends ElementwiseActivation {
    /** {@code max(x, 0)} and {@code x > 0 ? 1 : 0}; every backend has a fast path for it. */
    public static final ElementwiseFunction FUNCTION = ElementwiseFunction.of("relu",
            x -> Math.max(x, 0.0), x -> x > 0 ? 1.0 : 0.0);

    @Override
    public ElementwiseFunction function() {
        return FUNCTION;
    }

    @Override
    public String toString() {
        return "ReLU";
    }
}
