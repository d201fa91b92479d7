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
        return steps -> io.neurite.optim.Optimizers.adam(io.neurite.optim.schedule.Schedules.cosineDecay(lr, steps));
    }

    /**
     * Adam whose rate climbs linearly to {@code lr} over the first {@code warmupFraction} of the training's global
     * steps, then decays to 0 along a cosine over the rest ({@code warmupFraction = 0}: {@link #adamCosine}). A
     * warm-up lets parameter averaging take more local steps between averagings at the same accuracy: early in
     * training the workers' models move fast and apart, and the mean of models that drifted apart keeps less of
     * each one's progress (docs/spark.md measures it).
     *
     * @throws IllegalArgumentException unless {@code 0 <= warmupFraction < 1}
     */
    static OptimizerFactory adamWarmupCosine(double lr, double warmupFraction) {
        if (!(warmupFraction >= 0 && warmupFraction < 1)) {
            throw new IllegalArgumentException("adamWarmupCosine: warmupFraction is " + warmupFraction
                    + " but must be at least 0 and below 1 (the share of the training's steps that warm up)");
        }
        return steps -> {
            long warmup = Math.round(steps * warmupFraction);
            return io.neurite.optim.Optimizers.adam(io.neurite.optim.schedule.Schedules.linearWarmup(warmup,
                    io.neurite.optim.schedule.Schedules.cosineDecay(lr, Math.max(1, steps - warmup))));
        };
    }
}
