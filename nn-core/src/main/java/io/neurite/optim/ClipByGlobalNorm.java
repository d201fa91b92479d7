package io.neurite.optim;

import io.neurite.nn.Parameter;
import java.util.List;

/** Clipping by global norm: see {@link GradientClipping#byGlobalNorm(double)}. */
public final class ClipByGlobalNorm implements GradientClipping {
    private final double maxNorm;

    /** {@code maxNorm} is finite and {@code > 0}. */
    public ClipByGlobalNorm(double maxNorm) {
        if (!(maxNorm > 0) || Double.isInfinite(maxNorm)) {
            throw new IllegalArgumentException("GradientClipping.byGlobalNorm: maxNorm is " + maxNorm
                    + " but must be a finite number > 0 (usual values 0.5 to 10)");
        }
        this.maxNorm = maxNorm;
    }

    public double maxNorm() {
        return maxNorm;
    }

    @Override
    public double clip(List<Parameter> parameters) {
        double norm = GradientClipping.globalNorm(parameters);
        // PyTorch's clip_grad_norm_: the 1e-6 keeps the result just under maxNorm and avoids 0/0.
        double factor = maxNorm / (norm + 1e-6);
        if (factor < 1) {
            for (Parameter p : parameters) {
                p.grad().scaleInPlace((float) factor);
            }
        }
        return norm;
    }

    @Override
    public String toString() {
        return "clipByGlobalNorm(" + maxNorm + ")";
    }
}
