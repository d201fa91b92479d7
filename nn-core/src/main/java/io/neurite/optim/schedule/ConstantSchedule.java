package io.neurite.optim.schedule;

import io.neurite.optim.Arguments;

/** {@code lr(step) = lr} for every step. */
public final class ConstantSchedule implements LearningRateSchedule {
    private final double lr;

    /** {@code lr} is finite and {@code >= 0}. */
    public ConstantSchedule(double lr) {
        this.lr = Arguments.learningRate("ConstantSchedule", "lr", lr);
    }

    @Override
    public double lr(long step) {
        Arguments.step("ConstantSchedule", step);
        return lr;
    }

    /** The rate of every step. */
    public double rate() {
        return lr;
    }

    @Override
    public String toString() {
        return "constant(" + lr + ")";
    }
}
