package io.neurite.optim.schedule;

import io.neurite.optim.Arguments;

/**
 * The rate multiplied by {@code gamma} every {@code stepSize} steps (PyTorch {@code StepLR}):
 * {@code lr(step) = initialLr * gamma^floor(step / stepSize)}.
 */
public final class StepDecay implements LearningRateSchedule {
    private final double initialLr;
    private final long stepSize;
    private final double gamma;

    /** {@code initialLr >= 0}, {@code stepSize >= 1}, {@code 0 < gamma <= 1}. */
    public StepDecay(double initialLr, long stepSize, double gamma) {
        this.initialLr = Arguments.learningRate("StepDecay", "initialLr", initialLr);
        this.stepSize = Arguments.positiveSteps("StepDecay", "stepSize", stepSize);
        this.gamma = Arguments.decayFactor("StepDecay", "gamma", gamma);
    }

    @Override
    public double lr(long step) {
        Arguments.step("StepDecay", step);
        return initialLr * Math.pow(gamma, (double) (step / stepSize));
    }

    public double initialLr() {
        return initialLr;
    }

    public long stepSize() {
        return stepSize;
    }

    public double gamma() {
        return gamma;
    }

    @Override
    public String toString() {
        return "stepDecay(" + initialLr + ", every " + stepSize + " steps x " + gamma + ")";
    }
}
