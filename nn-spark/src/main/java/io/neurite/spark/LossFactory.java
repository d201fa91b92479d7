package io.neurite.spark;

import io.neurite.loss.Loss;
import java.io.Serializable;

/**
 * Builds the loss on every executor ({@code SoftmaxCrossEntropy::new}); a loss keeps per-thread buffers, so each
 * task makes its own. Targets are the labels one-hot encoded over the model's outputs.
 */
@FunctionalInterface
public interface LossFactory extends Serializable {

    Loss create();

    /** Softmax cross-entropy over the model's outputs (logits): the loss of a classifier. */
    static LossFactory softmaxCrossEntropy() {
        return io.neurite.loss.SoftmaxCrossEntropy::new;
    }
}
