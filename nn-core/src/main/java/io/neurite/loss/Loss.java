package io.neurite.loss;

import io.neurite.tensor.Tensor;

/**
 * A scalar training objective: the <em>mean</em> loss over a batch of predictions (a model's raw output)
 * and targets of the same shape, and its gradient with respect to the predictions.
 *
 * <p>{@link #lossAndGradient} is the training path: it reuses internal buffers (no tensor allocation after
 * the first batch of a given size) and is therefore for one thread at a time. {@link #loss} is the
 * evaluation path: it allocates, keeps no state and is safe from many threads.
 */
public interface Loss {

    /**
     * The mean loss; writes dLoss/dPrediction (of the mean, so already divided by the batch) into
     * {@code gradient}, which must have the prediction's shape and backend.
     */
    float lossAndGradient(Tensor prediction, Tensor target, Tensor gradient);

    /** The mean loss, without a gradient. */
    float loss(Tensor prediction, Tensor target);

    /**
     * The fraction of correct predictions in the batch when this loss is a classifier's (class = argmax
     * for {@link SoftmaxCrossEntropy}, {@code logit > 0} for {@link BinaryCrossEntropy}), or {@code NaN}
     * when accuracy means nothing for it (regression).
     */
    default double accuracy(Tensor prediction, Tensor target) {
        return Double.NaN;
    }

    /** Short name used in histories and messages, e.g. {@code SoftmaxCrossEntropy}. */
    @Override
    String toString();
}
