package io.neurite.nn;

import io.neurite.kernel.ElementwiseFunction;

/** Gaussian error linear unit in its tanh approximation (Hendrycks &amp; Gimpel 2016; PyTorch {@code approximate="tanh"}). */
public final class GELU extends ElementwiseActivation {
    private static final double C = Math.sqrt(2.0 / Math.PI);
    private static final double A = 0.044715;

    /**
     * {@code 0.5 x (1 + tanh(sqrt(2/pi) (x + 0.044715 x³)))} and its derivative; every backend has a fast
     * path for it.
     */
    public static final ElementwiseFunction FUNCTION = ElementwiseFunction.of("gelu",
            x -> 0.5 * x * (1.0 + Math.tanh(C * (x + A * x * x * x))), x -> {
                double t = Math.tanh(C * (x + A * x * x * x));
                double dt = (1.0 - t * t) * C * (1.0 + 3 * A * x * x);
                return 0.5 * (1.0 + t) + 0.5 * x * dt;
            });

    @Override
    public ElementwiseFunction function() {
        return FUNCTION;
    }

    @Override
    public String toString() {
        return "GELU";
    }
}
