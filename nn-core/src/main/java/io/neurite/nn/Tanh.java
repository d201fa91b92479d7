package io.neurite.nn;

import io.neurite.io.LayerCodec;
import io.neurite.tensor.Tensor;

/** Hyperbolic tangent. */
public final class Tanh extends ElementwiseActivation {
    /** Model files store only the type: the layer has no configuration. */
    public static final LayerCodec<Tanh> CODEC = LayerCodec.stateless("Tanh", Tanh.class, Tanh::new);

    @Override
    protected Tensor apply(Tensor x, Tensor dest) {
        return x.tanh(dest);
    }

    @Override
    protected Tensor applyBackward(Tensor x, Tensor gradOutput, Tensor dest) {
        return x.tanhBackward(gradOutput, dest);
    }

    @Override
    public String toString() {
        return "Tanh";
    }
}
