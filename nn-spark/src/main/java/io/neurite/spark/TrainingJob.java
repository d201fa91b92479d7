package io.neurite.spark;

import java.io.Serializable;

/**
 * The part of a training's configuration that every task needs, shipped once with the job (a few hundred
 * bytes; the model itself travels in a broadcast).
 *
 * @param id            unique per {@code fit}, so executors can reuse their model replicas within one training
 * @param backend       the backend name the executors build the model on
 * @param loss          builds the loss on each executor
 * @param optimizer     builds the optimizer on each executor
 * @param totalSteps    the global steps of the whole training (what the optimizer factory is told)
 * @param batchSize     rows per local step on each worker
 * @param seed          seeds each epoch's shuffle of each partition
 * @param classes       the model's outputs: labels are one-hot over them
 * @param failure       test hook: a task to fail on its first attempt, or null
 */
record TrainingJob(String id, String backend, LossFactory loss, OptimizerFactory optimizer, long totalSteps,
                   int batchSize, long seed, int classes, InjectedFailure failure) implements Serializable {

    /**
     * Makes the first attempt of one task throw in the middle of its local steps, to test that Spark's retry
     * of it yields the same weights. {@code epoch}, {@code round} and {@code partition} are 0-based.
     */
    record InjectedFailure(int epoch, int round, int partition) implements Serializable {
    }
}
