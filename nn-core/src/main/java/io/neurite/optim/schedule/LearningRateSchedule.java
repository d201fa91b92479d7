package io.neurite.optim.schedule;

/** The learning rate as a pure function of the optimizer step (0-based): no state, no side effects. */
@FunctionalInterface
public interface LearningRateSchedule {
    double lr(long step);
}
