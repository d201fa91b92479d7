package io.neurite.train;

/**
 * A finished training batch, for {@link TrainingListener#onBatchEnd}: 1-based epoch and batch numbers, the
 * number of batches per epoch, this batch's size, mean loss and accuracy ({@code NaN} if the loss has no
 * notion of accuracy), and the running means over the epoch so far.
 */
public record BatchEnd(int epoch, int batch, int batches, int batchSize, double loss, double accuracy,
                       double epochLoss, double epochAccuracy, int samplesSeen) {
}
