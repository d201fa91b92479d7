package io.neurite.optim;

import io.neurite.nn.Parameter;
import java.util.List;

/** Clipping by value: see {@link GradientClipping#byValue(double)}. */
public final class ClipByValue implements GradientClipping {
    private final float limit;

    /** {@code limit} is finite and {@code > 0}; elements are clamped to {@code [-limit, limit]}. */
    public ClipByValue(double limit) {
        if (!(limit > 0) || Double.isInfinite(limit)) {
            throw new IllegalArgumentException("GradientClipping.byValue: limit is " + limit
                    + " but must be a finite number > 0; gradients are clamped to [-limit, limit]");
        }
        this.limit = (float) limit;
    }

    public double limit() {
        return limit;
    }

    @Override
    public double clip(List<Parameter> parameters) {
        double norm = GradientClipping.globalNorm(parameters);
        for (Parameter p : parameters) {
            p.grad().clampInPlace(-limit, limit);
        }
        return norm;
    }

    @Override
    public String toString() {
        return "clipByValue(" + limit + ")";
    }
}
