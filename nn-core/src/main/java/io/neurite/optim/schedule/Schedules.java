package io.neurite.optim.schedule;

/**
 * Static factories for the learning-rate schedules, e.g.
 * {@code Schedules.cosineDecay(1e-3, 10_000, 1e-5).withLinearWarmup(500)}. Every argument is checked here,
 * when the schedule is built, not when training reaches it.
 */
public final class Schedules {
    private Schedules() {
    }

    /** The same rate at every step. */
    public static LearningRateSchedule constant(double lr) {
        return new ConstantSchedule(lr);
    }

    /** {@code initialLr * gamma^floor(step / stepSize)}: see {@link StepDecay}. */
    public static LearningRateSchedule stepDecay(double initialLr, long stepSize, double gamma) {
        return new StepDecay(initialLr, stepSize, gamma);
    }

    /** {@code initialLr * decayRate^(step / decaySteps)}: see {@link ExponentialDecay}. */
    public static LearningRateSchedule exponentialDecay(double initialLr, double decayRate, long decaySteps) {
        return new ExponentialDecay(initialLr, decayRate, decaySteps);
    }

    /** Half a cosine from {@code initialLr} to {@code minLr} over {@code decaySteps}: see {@link CosineDecay}. */
    public static LearningRateSchedule cosineDecay(double initialLr, long decaySteps, double minLr) {
        return new CosineDecay(initialLr, decaySteps, minLr);
    }

    /** Cosine decay down to 0. */
    public static LearningRateSchedule cosineDecay(double initialLr, long decaySteps) {
        return new CosineDecay(initialLr, decaySteps, 0);
    }

    /** {@code after} preceded by a linear warm-up: see {@link LinearWarmup}. */
    public static LearningRateSchedule linearWarmup(long warmupSteps, LearningRateSchedule after) {
        return new LinearWarmup(warmupSteps, after);
    }
}
