package io.neurite.loss;

import io.neurite.tensor.Tensor;

/** The argument checks every loss shares, so that their messages read alike. */
final class LossChecks {
    private LossChecks() {
    }

    static void sameShape(String loss, Tensor prediction, Tensor target) {
        if (!prediction.shape().equals(target.shape())) {
            throw new IllegalArgumentException(loss + ": the predictions are " + prediction.shape()
                    + " but the targets are " + target.shape() + "; they must have the same shape (is the last"
                    + " layer's size the number of target columns?)");
        }
        if (prediction.backend() != target.backend()) {
            throw new IllegalArgumentException(loss + ": the predictions live on backend '"
                    + prediction.backend().name() + "' but the targets on '" + target.backend().name()
                    + "'; move the targets with target.to(prediction.backend())");
        }
    }

    static void gradient(String loss, Tensor prediction, Tensor gradient) {
        if (!prediction.shape().equals(gradient.shape())) {
            throw new IllegalArgumentException(loss + ": the gradient destination is " + gradient.shape()
                    + " but the predictions are " + prediction.shape() + "; pass a tensor of the predictions' shape");
        }
    }
}
