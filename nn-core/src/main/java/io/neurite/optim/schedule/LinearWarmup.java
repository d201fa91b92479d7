package io.neurite.optim.schedule;

import io.neurite.optim.Arguments;
import java.util.Objects;

/**
 * A linear warm-up in front of any schedule (Goyal et al. 2017, "Accurate, Large Minibatch SGD: Training
 * ImageNet in 1 Hour"): the rate climbs in equal steps to the wrapped schedule's first value, then the wrapped
 * schedule runs from its own step 0.
 *
 * <pre>
 *   lr(step) = after.lr(0) * (step + 1) / warmupSteps     for step &lt; warmupSteps
 *   lr(step) = after.lr(step - warmupSteps)                otherwise
 * </pre>
 *
 * The first step already uses {@code after.lr(0) / warmupSteps} rather than 0, so no step is wasted; the
 * last warm-up step reaches the target. Decay schedules are shifted, so a cosine decay over N steps still
 * spans N steps after the warm-up. {@code warmupSteps == 0} is the wrapped schedule itself.
 */
public final class LinearWarmup implements LearningRateSchedule {
    private final long warmupSteps;
    private final LearningRateSchedule after;

    public LinearWarmup(long warmupSteps, LearningRateSchedule after) {
        if (warmupSteps < 0) {
            throw new IllegalArgumentException("LinearWarmup: warmupSteps is " + warmupSteps
                    + " but must be >= 0 (0 means no warm-up)");
        }
        this.warmupSteps = warmupSteps;
        this.after = Objects.requireNonNull(after, "LinearWarmup: the schedule to warm up into is null");
    }

    @Override
    public double lr(long step) {
        Arguments.step("LinearWarmup", step);
        if (step < warmupSteps) {
            return after.lr(0) * (double) (step + 1) / warmupSteps;
        }
        return after.lr(step - warmupSteps);
    }

    public long warmupSteps() {
        return warmupSteps;
    }

    /** The schedule that runs after the warm-up. */
    public LearningRateSchedule after() {
        return after;
    }

    @Override
    public String toString() {
        return "linearWarmup(" + warmupSteps + ", " + after + ")";
    }
}
