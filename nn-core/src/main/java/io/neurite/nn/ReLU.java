package io.neurite.nn;

import io.neurite.io.LayerCodec;
import io.neurite.tensor.Tensor;

/** Rectified linear unit, {@code max(x, 0)}; its derivative at 0 is taken as 0. */
public final class ReLU extends ElementwiseActivation {
    /** Model files store only the type: the layer has no configuration. */
    public static final LayerCodec<ReLU> CODEC = LayerCodec.stateless("ReLU", ReLU.class, ReLU::new);

    @Override
    protected Tensor apply(Tensor x, Tensor dest) {
        return x.relu(dest);
    }

    @Override
    protected Tensor applyBackward(Tensor x, Tensor gradOutput, Tensor dest) {
        return x.reluBackward(gradOutput, dest);
    }

    @Override
    public String toString() {
        return "ReLU";
    }
}
