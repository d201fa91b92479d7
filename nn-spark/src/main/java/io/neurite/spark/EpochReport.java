package io.neurite.spark;

/**
 * What one epoch of {@link SparkTrainer} did and what its synchronisation cost.
 *
 * @param epoch             1-based
 * @param loss              mean training loss over the epoch's samples (each at the weights of its step)
 * @param samples           samples processed by all workers
 * @param rounds            synchronisation rounds (Spark jobs for averaging, barrier stages for all-reduce)
 * @param globalStep        global steps after this epoch (the optimizer's step counter)
 * @param seconds           wall time of the epoch on the driver
 * @param computeSeconds    sum over rounds of the slowest worker's time in its steps: what no synchronisation
 *                          could save
 * @param bytesPerWorker    tensor bytes each worker received plus sent per round (weights and optimizer state
 *                          for averaging; gradients through the driver for all-reduce)
 */
public record EpochReport(int epoch, double loss, long samples, int rounds, long globalStep, double seconds,
                          double computeSeconds, long bytesPerWorker) {

    /** Samples per second of wall time. */
    public double samplesPerSecond() {
        return samples / seconds;
    }

    /** The share of the epoch's wall time not spent in the slowest worker's steps: scheduling, transfer, merge. */
    public double syncShare() {
        return Math.max(0, 1 - computeSeconds / seconds);
    }

    @Override
    public String toString() {
        return String.format("epoch %d: loss %.4f, %d samples in %.2f s (%.0f samples/s), %d rounds, global step %d,"
                + " sync %.0f %% of the time, %.2f MB per worker per round", epoch, loss, samples, seconds,
                samplesPerSecond(), rounds, globalStep, 100 * syncShare(), bytesPerWorker / 1e6);
    }
}
