package io.neurite.nn;

import io.neurite.kernel.ElementwiseFunction;

/** Logistic sigmoid {@code 1 / (1 + exp(-x))}. Before a binary cross-entropy, prefer raw logits and {@code BinaryCrossEntropy}, which is stabler. */
public final class Sigmoid extends ElementwiseActivation {
    /** {@code σ(x)} and {@code σ(x)(1 - σ(x))}; every backend has a fast path for it. */
    public static final ElementwiseFunction FUNCTION = ElementwiseFunction.of("sigmoid",
            Sigmoid::logistic, x -> {
                double s = logistic(x);
                return s * (1.0 - s);
            });

    /** {@code 1 / (1 + exp(-x))} in two branches, so that {@code exp} never overflows. */
    static double logistic(double x) {
        if (x >= 0) {
            return 1.0 / (1.0 + Math.exp(-x));
        }
        double e = Math.exp(x);
        return e / (1.0 + e);
    }

    @Override
    public ElementwiseFunction function() {
        return FUNCTION;
    }

    @Override
    public String toString() {
        return "Sigmoid";
    }
}
