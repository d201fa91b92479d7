package io.neurite.loss;

import io.neurite.nn.BufferCache;
import io.neurite.metrics.Metrics;
import io.neurite.tensor.Tensor;

/**
 * Binary cross-entropy <em>from logits</em> (PyTorch's {@code BCEWithLogitsLoss}): with {@code x} the raw
 * output (no sigmoid layer before it) and targets {@code y} in {@code [0, 1]},
 * <pre>
 *   loss = mean( −y·log σ(x) − (1−y)·log(1−σ(x)) ) = mean( softplus(x) − x·y )
 * </pre>
 * over every element. {@code softplus} is computed as {@code max(x,0) + log1p(exp(−|x|))}, so the loss is
 * finite for any finite logit (a sigmoid followed by {@code log} would give {@code log 0 = −∞} once
 * {@code |x| > ~17} in float32). The gradient is {@code (σ(x) − y) / elements}. Each column is an independent
 * yes/no question, so the same loss serves multi-label outputs.
 */
public final class BinaryCrossEntropy implements Loss {
    private final BufferCache buffers = new BufferCache();

    @Override
    public float lossAndGradient(Tensor prediction, Tensor target, Tensor gradient) {
        LossChecks.sameShape(toString(), prediction, target);
        LossChecks.gradient(toString(), prediction, gradient);
        int n = prediction.size();
        Tensor terms = prediction.softplus(buffers.get("terms", prediction.backend(), prediction.shape()));
        Tensor xy = prediction.mul(target, buffers.get("xy", prediction.backend(), prediction.shape()));
        float loss = terms.subInPlace(xy).sum() / n;
        prediction.sigmoid(gradient).subInPlace(target).scaleInPlace(1f / n);
        return loss;
    }

    @Override
    public float loss(Tensor prediction, Tensor target) {
        LossChecks.sameShape(toString(), prediction, target);
        return prediction.softplus().subInPlace(prediction.mul(target)).sum() / prediction.size();
    }

    /** Per element, {@code logit > 0} (probability above one half) against {@code target > 0.5}: {@link Metrics#binaryAccuracy}. */
    @Override
    public double accuracy(Tensor prediction, Tensor target) {
        LossChecks.sameShape(toString(), prediction, target);
        return Metrics.binaryAccuracy(prediction, target);
    }

    @Override
    public String toString() {
        return "BinaryCrossEntropy";
    }
}
