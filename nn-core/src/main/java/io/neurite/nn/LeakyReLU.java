package io.neurite.nn;

import io.neurite.kernel.ElementwiseFunction;

/** {@code x > 0 ? x : slope * x} (Maas et al. 2013); the default slope 0.01 is PyTorch's and Keras's. */
public final class LeakyReLU extends ElementwiseActivation {
    private final LeakyReluFunction function;

    public LeakyReLU() {
        this(0.01f);
    }

    /** @param slope the gradient for negative inputs; finite and non-negative */
    public LeakyReLU(float slope) {
        if (!(slope >= 0f) || Float.isInfinite(slope)) {
            throw new IllegalArgumentException("LeakyReLU: slope must be finite and >= 0 but was " + slope);
        }
        this.function = new LeakyReluFunction(slope);
    }

    public float slope() {
        return function.slope();
    }

    @Override
    public ElementwiseFunction function() {
        return function;
    }

    /**
     * {@code x > 0 ? x : slope * x} and {@code x > 0 ? 1 : slope} (the slope at 0, as PyTorch); every
     * backend recognises this class and has a fast path for it.
     */
    public record LeakyReluFunction(float slope) implements ElementwiseFunction {
        @Override
        public String name() {
            return "leakyRelu(" + slope + ")";
        }

        @Override
        public double apply(double x) {
            return x > 0 ? x : slope * x;
        }

        @Override
        public double derivative(double x) {
            return x > 0 ? 1.0 : slope;
        }
    }

    @Override
    public String toString() {
        return "LeakyReLU(" + slope() + ")";
    }
}
