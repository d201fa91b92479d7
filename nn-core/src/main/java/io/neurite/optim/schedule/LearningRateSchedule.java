package io.neurite.optim.schedule;

/**
 * The learning rate as a pure function of the optimizer step (0-based): no state, no side effects, so the
 * same schedule may be shared, evaluated out of order, and resumed from a saved step.
 *
 * <p>Implementations return a finite value {@code >= 0} for every {@code step >= 0} and reject a negative
 * step. Build them with {@link Schedules}; wrap any of them in a warm-up with {@link #withLinearWarmup}.
 */
@FunctionalInterface
public interface LearningRateSchedule {

    double lr(long step);

    /**
     * This schedule preceded by {@code warmupSteps} steps of linear warm-up: see {@link LinearWarmup}.
     */
    default LearningRateSchedule withLinearWarmup(long warmupSteps) {
        return new LinearWarmup(warmupSteps, this);
    }
}
