package io.neurite.nn;

import io.neurite.io.LayerCodec;
import io.neurite.tensor.Tensor;

/** {@code x > 0 ? x : slope * x} (Maas et al. 2013); the default slope 0.01 is PyTorch's and Keras's. */
public final class LeakyReLU extends ElementwiseActivation {
    /** Model files store the slope. */
    public static final LayerCodec<LeakyReLU> CODEC = LayerCodec.of("LeakyReLU", LeakyReLU.class,
            (layer, config) -> config.put("slope", layer.slope()), config -> new LeakyReLU(config.getFloat("slope")));

    private final float slope;

    public LeakyReLU() {
        this(0.01f);
    }

    /** @param slope the gradient for negative inputs; finite and non-negative */
    public LeakyReLU(float slope) {
        if (!(slope >= 0f) || Float.isInfinite(slope)) {
            throw new IllegalArgumentException("LeakyReLU: slope must be finite and >= 0 but was " + slope);
        }
        this.slope = slope;
    }

    public float slope() {
        return slope;
    }

    @Override
    protected Tensor apply(Tensor x, Tensor dest) {
        return x.leakyRelu(slope, dest);
    }

    @Override
    protected Tensor applyBackward(Tensor x, Tensor gradOutput, Tensor dest) {
        return x.leakyReluBackward(slope, gradOutput, dest);
    }

    @Override
    public String toString() {
        return "LeakyReLU(" + slope + ")";
    }
}
