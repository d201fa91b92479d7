package io.neurite.nn;

import io.neurite.io.LayerCodec;
import io.neurite.tensor.Tensor;

/** Logistic sigmoid {@code 1 / (1 + exp(-x))}. Before a binary cross-entropy, prefer raw logits and {@code BinaryCrossEntropy}, which is stabler. */
public final class Sigmoid extends ElementwiseActivation {
    /** Model files store only the type: the layer has no configuration. */
    public static final LayerCodec<Sigmoid> CODEC = LayerCodec.stateless("Sigmoid", Sigmoid.class, Sigmoid::new);

    @Override
    protected Tensor apply(Tensor x, Tensor dest) {
        return x.sigmoid(dest);
    }

    @Override
    protected Tensor applyBackward(Tensor x, Tensor gradOutput, Tensor dest) {
        return x.sigmoidBackward(gradOutput, dest);
    }

    @Override
    public String toString() {
        return "Sigmoid";
    }
}
