package io.neurite.optim.schedule;

import io.neurite.optim.Arguments;

/**
 * Smooth exponential decay (Keras {@code ExponentialDecay}, non-staircase):
 * {@code lr(step) = initialLr * decayRate^(step / decaySteps)}, so the rate is multiplied by
 * {@code decayRate} over every {@code decaySteps} steps. With {@code decaySteps = 1} it is PyTorch's
 * {@code ExponentialLR(gamma = decayRate)}; for a staircase use {@link StepDecay}.
 */
public final class ExponentialDecay implements LearningRateSchedule {
    private final double initialLr;
    private final double decayRate;
    private final long decaySteps;

    /** {@code initialLr >= 0}, {@code 0 < decayRate <= 1}, {@code decaySteps >= 1}. */
    public ExponentialDecay(double initialLr, double decayRate, long decaySteps) {
        this.initialLr = Arguments.learningRate("ExponentialDecay", "initialLr", initialLr);
        this.decayRate = Arguments.decayFactor("ExponentialDecay", "decayRate", decayRate);
        this.decaySteps = Arguments.positiveSteps("ExponentialDecay", "decaySteps", decaySteps);
    }

    @Override
    public double lr(long step) {
        Arguments.step("ExponentialDecay", step);
        return initialLr * Math.pow(decayRate, (double) step / decaySteps);
    }

    public double initialLr() {
        return initialLr;
    }

    public double decayRate() {
        return decayRate;
    }

    public long decaySteps() {
        return decaySteps;
    }

    @Override
    public String toString() {
        return "exponentialDecay(" + initialLr + ", x " + decayRate + " per " + decaySteps + " steps)";
    }
}
