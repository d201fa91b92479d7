package io.neurite.loss;

import io.neurite.nn.BufferCache;
import io.neurite.tensor.Tensor;

/**
 * {@code mean((prediction - target)^2)} over every element (PyTorch's {@code MSELoss()} default), with
 * gradient {@code 2 (prediction - target) / elements}.
 */
public final class MeanSquaredError implements Loss {
    private final BufferCache buffers = new BufferCache();

    @Override
    public float lossAndGradient(Tensor prediction, Tensor target, Tensor gradient) {
        LossChecks.sameShape(toString(), prediction, target);
        LossChecks.gradient(toString(), prediction, gradient);
        int n = prediction.size();
        Tensor diff = prediction.sub(target, buffers.get("diff", prediction.backend(), prediction.shape()));
        float loss = diff.sumOfSquares() / n;
        diff.scale(2f / n, gradient);
        return loss;
    }

    @Override
    public float loss(Tensor prediction, Tensor target) {
        LossChecks.sameShape(toString(), prediction, target);
        return prediction.sub(target).sumOfSquares() / prediction.size();
    }

    @Override
    public String toString() {
        return "MeanSquaredError";
    }
}
