package io.neurite.nn;

import io.neurite.io.LayerCodec;
import io.neurite.kernel.ElementwiseFunction;

/**
 * Sigmoid-weighted linear unit, {@code x · σ(x)} (Elfwing et al. 2018; also "Swish" with β = 1, Ramachandran
 * et al. 2017; PyTorch {@code nn.SiLU}). Its derivative is {@code σ(x) (1 + x (1 − σ(x)))}.
 *
 * <p>This layer is the whole implementation: no backend has code for it. Each backend runs its
 * {@link #FUNCTION} through the generic path of its activation kernels, the scalar definition below over
 * the elements (split over the pure backend's workers when large).
 */
public final class SiLU extends ElementwiseActivation {
    /** {@code x σ(x)} and {@code σ(x) (1 + x (1 − σ(x)))}. */
    public static final ElementwiseFunction FUNCTION = ElementwiseFunction.of("silu",
            x -> x * Sigmoid.logistic(x), x -> {
                double s = Sigmoid.logistic(x);
                return s * (1.0 + x * (1.0 - s));
            });

    /** How model files save it: a type name and no configuration. */
    public static final LayerCodec<SiLU> CODEC = LayerCodec.stateless("SiLU", SiLU.class, SiLU::new);

    @Override
    public ElementwiseFunction function() {
        return FUNCTION;
    }

    @Override
    public String toString() {
        return "SiLU";
    }
}
