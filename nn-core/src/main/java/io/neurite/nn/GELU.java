package io.neurite.nn;

import io.neurite.io.LayerCodec;
import io.neurite.tensor.Tensor;

/** Gaussian error linear unit in its tanh approximation (Hendrycks &amp; Gimpel 2016; PyTorch {@code approximate="tanh"}). */
public final class GELU extends ElementwiseActivation {
    /** Model files store only the type: the layer has no configuration. */
    public static final LayerCodec<GELU> CODEC = LayerCodec.stateless("GELU", GELU.class, GELU::new);

    @Override
    protected Tensor apply(Tensor x, Tensor dest) {
        return x.gelu(dest);
    }

    @Override
    protected Tensor applyBackward(Tensor x, Tensor gradOutput, Tensor dest) {
        return x.geluBackward(gradOutput, dest);
    }

    @Override
    public String toString() {
        return "GELU";
    }
}
