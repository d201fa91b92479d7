package io.neurite.train;

/**
 * Where a training run stands, as a checkpoint records it: enough, with the model (parameters, buffers,
 * Dropout's generator) and the optimizer (hyper-parameters, schedule, slots, step), to continue the run so
 * that it computes exactly what the uninterrupted run would have. The shuffle order of every epoch is a
 * function of {@code seed} and the epoch number, so the seed is the shuffle's whole random state.
 *
 * @param epoch            the last epoch completed, counting from 1 (0: none yet); a resumed run starts at
 *                         {@code epoch + 1}
 * @param seed             the seed of the shuffling order
 * @param shuffle          whether the samples were shuffled every epoch
 * @param batchSize        the batch size
 * @param trainingSamples  the samples one epoch trains on, so that a resume on other data is noticed
 */
public record TrainingPosition(int epoch, long seed, boolean shuffle, int batchSize, long trainingSamples) {

    public TrainingPosition {
        if (epoch < 0) {
            throw new IllegalArgumentException("TrainingPosition: epoch is " + epoch + " but must be >= 0");
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("TrainingPosition: batchSize is " + batchSize + " but must be >= 1");
        }
        if (trainingSamples < 0) {
            throw new IllegalArgumentException("TrainingPosition: trainingSamples is " + trainingSamples
                    + " but must be >= 0");
        }
    }

    /** The epoch a resumed run starts with. */
    public int nextEpoch() {
        return epoch + 1;
    }
}
