package io.neurite.spark;

import io.neurite.optim.Optimizer;
import java.io.Serializable;

/**
 * Builds the optimizer, on the driver and on every executor, knowing how many global steps the training will
 * take, so that a schedule can be sized for it:
 * <pre>{@code
 * OptimizerFactory adam = totalSteps -> Optimizers.adam(Schedules.cosineDecay(1e-3, totalSteps));
 * }</pre>
 * A global step is one synchronous step of every worker (each on its own batch), so an epoch of a data set
 * spread over N partitions is about {@code rows / (N * batchSize)} global steps. The optimizer must export and
 * import its state ({@link Optimizer#state()}, {@link Optimizer#loadState}), as every optimizer in
 * {@code io.neurite.optim} does. A lambda is serializable when its target type is, as this one is.
 */
@FunctionalInterface
public interface OptimizerFactory extends Serializable {

    /** A fresh optimizer (no state yet) for a training of {@code totalGlobalSteps} steps. */
    Optimizer create(long totalGlobalSteps);

    /**
     * Adam at {@code lr}, cosine-decayed to 0 over the training's global steps (the single-machine CLI's default).
     * Defined here, in the library, so that executors that have only the library's jar can deserialize it.
     */
    static OptimizerFactory adamCosine(double lr) {
        return adamCosine(lr, 0);
    }

    /**
     * Adam whose rate climbs linearly to {@code lr} over the first {@code warmupSteps} global steps and then
     * decays to 0 along a cosine over the rest of the training ({@code warmupSteps = 0}: no warm-up). A warm-up
     * lets parameter averaging run more local steps between averagings: early in training the workers' models
     * move fast and apart, and averaging models that have drifted apart loses part of each one's progress.
     *
     * @throws IllegalArgumentException if {@code warmupSteps} is negative
     */
    static OptimizerFactory adamCosine(double lr, long warmupSteps) {
        if (warmupSteps < 0) {
            throw new IllegalArgumentException("adamCosine: warmupSteps is " + warmupSteps
                    + " but must be >= 0 (0 means no warm-up)");
        }
        return steps -> io.neurite.optim.Optimizers.adam(io.neurite.optim.schedule.Schedules.linearWarmup(warmupSteps,
                io.neurite.optim.schedule.Schedules.cosineDecay(lr, Math.max(1, steps - warmupSteps))));
    }
}
