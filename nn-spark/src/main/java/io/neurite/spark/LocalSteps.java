package io.neurite.spark;

import io.neurite.optim.Optimizer;
import io.neurite.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.TaskContext;

/**
 * One worker's share of a parameter-averaging round, run in a Spark task: start from the broadcast weights and
 * optimizer state, take the round's local steps over this partition's batches of the epoch, and return the
 * resulting weights and state with the number of samples they saw. It depends only on its inputs, so a retried
 * attempt returns exactly what the first would have.
 */
final class LocalSteps {
    private LocalSteps() {
    }

    static RoundSum run(PartitionData data, RoundStart start, TrainingJob job, byte[] modelFile) {
        int b = job.batchSize();
        int batches = (data.rows + b - 1) / b;
        int last = Math.min(start.firstStep() + start.steps(), batches);
        if (start.firstStep() >= last) {
            // An empty partition, or one that has run out of batches in this epoch: it counts zero times.
            return RoundSum.of(null, null, 0, 0, 0, 0, 0);
        }
        long t0 = System.nanoTime();
        Replica replica = Replica.borrow(job, modelFile);
        replica.setWeights(start.weights());
        Optimizer optimizer = replica.optimizer(job, start);
        int[] order = Shuffle.permutation(data.rows, job.seed(), start.epoch(), data.partition);
        long t1 = System.nanoTime();

        long samples = 0;
        double lossSum = 0;
        int failAt = failurePoint(job, start, data.partition, start.firstStep(), last);
        for (int step = start.firstStep(); step < last; step++) {
            if (step == failAt) {
                throw new IllegalStateException("injected failure (test) in epoch " + start.epoch() + ", round "
                        + start.round() + ", partition " + data.partition + ", attempt 0");
            }
            int from = step * b;
            int count = Math.min(b, data.rows - from);
            Tensor x = replica.batch(data, order, from, count);
            lossSum += (double) replica.forwardBackward(x) * count;
            optimizer.step(replica.model.parameters());
            samples += count;
        }
        long t2 = System.nanoTime();
        List<String> keys = new ArrayList<>();
        float[] values = Replica.flatten(replica.model, optimizer.state(), keys);
        Replica.giveBack(job, replica);
        long t3 = System.nanoTime();
        return RoundSum.of(values, keys.toArray(new String[0]), samples, last - start.firstStep(), lossSum,
                t2 - t1, (t1 - t0) + (t3 - t2));
    }

    /** The step at which the injected failure throws (half-way through the round), or -1. */
    static int failurePoint(TrainingJob job, RoundStart start, int partition, int first, int last) {
        TrainingJob.InjectedFailure f = job.failure();
        TaskContext ctx = TaskContext.get();
        if (f == null || ctx == null || ctx.attemptNumber() != 0 || f.epoch() != start.epoch()
                || f.round() != start.round() || f.partition() != partition) {
            return -1;
        }
        return first + (last - first) / 2;
    }
}
