package io.neurite.optim.schedule;

import io.neurite.optim.Arguments;

/**
 * Cosine annealing from {@code initialLr} down to {@code minLr} over {@code decaySteps} steps, then
 * {@code minLr} forever (Loshchilov &amp; Hutter 2017, "SGDR: Stochastic Gradient Descent with Warm Restarts",
 * without restarts; PyTorch {@code CosineAnnealingLR}'s closed form with {@code eta_min = minLr}):
 *
 * <pre>
 *   lr(step) = minLr + (initialLr - minLr) * (1 + cos(pi * step / decaySteps)) / 2    for step &lt; decaySteps
 *   lr(step) = minLr                                                               otherwise
 * </pre>
 */
public final class CosineDecay implements LearningRateSchedule {
    private final double initialLr;
    private final long decaySteps;
    private final double minLr;

    /** {@code 0 <= minLr <= initialLr}, {@code decaySteps >= 1}. */
    public CosineDecay(double initialLr, long decaySteps, double minLr) {
        this.initialLr = Arguments.learningRate("CosineDecay", "initialLr", initialLr);
        this.decaySteps = Arguments.positiveSteps("CosineDecay", "decaySteps", decaySteps);
        this.minLr = Arguments.learningRate("CosineDecay", "minLr", minLr);
        if (minLr > initialLr) {
            throw new IllegalArgumentException("CosineDecay: minLr " + minLr + " is above initialLr " + initialLr
                    + "; the rate decays from initialLr down to minLr, so pass minLr <= initialLr");
        }
    }

    @Override
    public double lr(long step) {
        Arguments.step("CosineDecay", step);
        if (step >= decaySteps) {
            return minLr;
        }
        return minLr + (initialLr - minLr) * 0.5 * (1 + Math.cos(Math.PI * step / decaySteps));
    }

    public double initialLr() {
        return initialLr;
    }

    public long decaySteps() {
        return decaySteps;
    }

    public double minLr() {
        return minLr;
    }

    @Override
    public String toString() {
        return "cosineDecay(" + initialLr + " -> " + minLr + " over " + decaySteps + " steps)";
    }
}
