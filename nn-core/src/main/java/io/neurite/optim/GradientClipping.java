package io.neurite.optim;

import io.neurite.nn.Parameter;
import java.util.List;

/**
 * Rescales or limits gradients in place between {@code backward} and {@link Optimizer#step}, e.g.
 * {@code GradientClipping.byGlobalNorm(1.0).clip(model.parameters())}, or for every step of a run
 * {@code Trainer.builder(...).clipping(GradientClipping.byGlobalNorm(1.0))}. Stateless and reusable; allocates
 * no tensors.
 *
 * <p>Both kinds refuse non-finite gradients: if any gradient holds NaN or an infinity, {@link #clip} throws an
 * {@link IllegalStateException} naming the parameter, instead of turning every gradient into NaN (norm
 * clipping) or hiding an overflow (value clipping).
 */
public interface GradientClipping {

    /**
     * Clips the gradients of {@code parameters} in place.
     *
     * @return the global L2 norm of all the gradients before clipping (worth logging)
     */
    double clip(List<Parameter> parameters);

    /**
     * If the global norm {@code ||g||} (all gradients as one vector) exceeds {@code maxNorm}, scales every
     * gradient by {@code maxNorm / (||g|| + 1e-6)}, keeping their direction (Pascanu, Mikolov &amp; Bengio
     * 2013, "On the difficulty of training recurrent neural networks"; PyTorch {@code clip_grad_norm_}).
     */
    static GradientClipping byGlobalNorm(double maxNorm) {
        return new ClipByGlobalNorm(maxNorm);
    }

    /** Clamps every gradient element to {@code [-limit, limit]} (PyTorch {@code clip_grad_value_}). */
    static GradientClipping byValue(double limit) {
        return new ClipByValue(limit);
    }

    /**
     * The L2 norm of all gradients of {@code parameters} taken as one vector: {@code sqrt(sum ||g_i||^2)}.
     *
     * @throws IllegalStateException if a gradient holds NaN or an infinity, naming the parameter
     */
    static double globalNorm(List<Parameter> parameters) {
        double sumOfSquares = 0;
        for (Parameter p : parameters) {
            double s = p.grad().sumOfSquares();
            if (!Double.isFinite(s)) {
                throw new IllegalStateException("gradient clipping: the gradient of parameter '" + p.name() + "' "
                        + p.value().shape() + " holds NaN or an infinity (its sum of squares is " + s + "); the "
                        + "training diverged: lower the learning rate or check the loss and the input data");
            }
            sumOfSquares += s;
        }
        return Math.sqrt(sumOfSquares);
    }
}
