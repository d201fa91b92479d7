package io.neurite.optim;

import io.neurite.optim.schedule.LearningRateSchedule;

/**
 * Static factories for the optimizers, e.g. {@code Optimizers.sgd(0.1).momentum(0.9).nesterov()}. The
 * result is ready to use; its fluent methods return configured copies. Every hyper-parameter is checked
 * when the optimizer is built.
 */
public final class Optimizers {
    private Optimizers() {
    }

    /** Plain SGD with a constant learning rate; add {@code .momentum(0.9)}, {@code .nesterov()}, ... */
    public static Sgd sgd(double lr) {
        return new Sgd(lr);
    }

    /** Plain SGD whose learning rate follows {@code lr}. */
    public static Sgd sgd(LearningRateSchedule lr) {
        return new Sgd(lr, 0, 0, false, 0);
    }
}
