package io.neurite.examples;

import io.neurite.optim.Optimizer;
import io.neurite.optim.Optimizers;
import io.neurite.optim.schedule.LearningRateSchedule;

/** The optimizers {@code --optimizer} offers, each with the learning rate it is used with when none is given. */
enum OptimizerChoice {
    SGD(0.05),
    MOMENTUM(0.02),
    NESTEROV(0.02),
    RMSPROP(5e-4),
    ADAM(1e-3),
    ADAMW(1e-3);

    /** A learning rate that trains an MLP on Fashion-MNIST well with this optimizer. */
    final double defaultLearningRate;

    OptimizerChoice(double defaultLearningRate) {
        this.defaultLearningRate = defaultLearningRate;
    }

    /** The optimizer following {@code lr}; {@code weightDecay < 0} means the optimizer's default. */
    Optimizer create(LearningRateSchedule lr, double weightDecay) {
        return switch (this) {
            case SGD -> Optimizers.sgd(lr).weightDecay(Math.max(0, weightDecay));
            case MOMENTUM -> Optimizers.sgd(lr).momentum(0.9).weightDecay(Math.max(0, weightDecay));
            case NESTEROV -> Optimizers.sgd(lr).momentum(0.9).nesterov().weightDecay(Math.max(0, weightDecay));
            case RMSPROP -> weightDecay > 0 ? new io.neurite.optim.RmsProp(lr, 0.99, 1e-8, 0, false, weightDecay)
                    : Optimizers.rmsProp(lr);
            case ADAM -> weightDecay > 0 ? new io.neurite.optim.Adam(lr, 0.9, 0.999, 1e-8, weightDecay)
                    : Optimizers.adam(lr);
            case ADAMW -> weightDecay >= 0 ? Optimizers.adamW(lr).weightDecay(weightDecay) : Optimizers.adamW(lr);
        };
    }

    /** The name on the command line. */
    String cliName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
