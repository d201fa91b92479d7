package io.neurite.optim;

import io.neurite.optim.schedule.LearningRateSchedule;

/**
 * Static factories for the optimizers, e.g. {@code Optimizers.sgd(0.1).momentum(0.9).nesterov()} or
 * {@code Optimizers.adamW(Schedules.cosineDecay(1e-3, 10_000)).weightDecay(0.05)}. The result is ready to use;
 * its fluent methods return configured copies. Every hyper-parameter is checked when the optimizer is built.
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

    /** RMSProp with PyTorch's defaults ({@code rho 0.99, eps 1e-8}). */
    public static RmsProp rmsProp(double lr) {
        return new RmsProp(lr);
    }

    public static RmsProp rmsProp(LearningRateSchedule lr) {
        return new RmsProp(lr, 0.99, 1e-8, 0, false, 0);
    }

    /** Adam with the paper's defaults ({@code betas 0.9, 0.999; eps 1e-8}). */
    public static Adam adam(double lr) {
        return new Adam(lr);
    }

    /** Adam with the paper's learning rate, 1e-3. */
    public static Adam adam() {
        return new Adam(1e-3);
    }

    public static Adam adam(LearningRateSchedule lr) {
        return new Adam(lr, 0.9, 0.999, 1e-8, 0);
    }

    /** AdamW with PyTorch's defaults ({@code betas 0.9, 0.999; eps 1e-8; weight decay 0.01}). */
    public static AdamW adamW(double lr) {
        return new AdamW(lr);
    }

    public static AdamW adamW(LearningRateSchedule lr) {
        return new AdamW(lr, 0.9, 0.999, 1e-8, 0.01);
    }
}
