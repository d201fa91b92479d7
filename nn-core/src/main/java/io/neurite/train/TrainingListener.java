package io.neurite.train;

/**
 * Observes a {@link Trainer#fit} run: progress bars, logging, {@link EarlyStopping}, checkpoints. Every
 * method has an empty default; they are called on the training thread in this order:
 * {@code onTrainBegin}, then per epoch {@code onEpochBegin}, {@code onBatchEnd} for each batch and
 * {@code onEpochEnd} (after validation), and finally {@code onTrainEnd} — also when training stops early
 * or fails. A listener may stop training after the current epoch with {@link TrainingContext#requestStop}.
 */
public interface TrainingListener {

    default void onTrainBegin(TrainingContext context) {
    }

    /** {@code epoch} is 1-based. */
    default void onEpochBegin(TrainingContext context, int epoch) {
    }

    default void onBatchEnd(TrainingContext context, BatchEnd batch) {
    }

    default void onEpochEnd(TrainingContext context, EpochRecord record) {
    }

    /** Called once at the end, whatever the outcome; {@code history} holds the finished epochs. */
    default void onTrainEnd(TrainingContext context, History history) {
    }
}
