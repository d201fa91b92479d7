package io.neurite.loss;

import io.neurite.data.OneHot;
import io.neurite.metrics.Metrics;
import io.neurite.nn.BufferCache;
import io.neurite.tensor.Backend;
import io.neurite.tensor.Tensor;

/**
 * Softmax and cross-entropy fused, from logits {@code [batch, classes]} (the model's raw output, no Softmax
 * layer before it). With {@code t} the target distribution of a row (one-hot, or any row summing to 1):
 * <pre>
 *   loss = mean over rows of  −Σ_j t_j · logSoftmax(x)_j
 *   dLoss/dx = (softmax(x) − t) / batch
 * </pre>
 * {@code logSoftmax} subtracts the row maximum before exponentiating, so large logits neither overflow nor
 * give {@code log 0}. Targets are class indices ({@code int[]}, one per row) or a tensor of the logits'
 * shape; the gradient formula assumes target rows sum to 1.
 *
 * <p><b>Label smoothing</b> ({@link #withLabelSmoothing(float)}, as PyTorch's {@code label_smoothing}): training
 * targets become {@code (1 − ε)·t + ε/classes}, so the model is not pushed towards infinitely confident logits.
 * {@link #loss} and {@link #accuracy} are always measured against the targets as given, so validation
 * figures stay comparable with and without smoothing.
 */
public final class SoftmaxCrossEntropy implements Loss {
    private final float smoothing;
    private final BufferCache buffers = new BufferCache();
    private float[] oneHotScratch = new float[0];

    /** Plain softmax cross-entropy, without label smoothing. */
    public SoftmaxCrossEntropy() {
        this(0f);
    }

    private SoftmaxCrossEntropy(float smoothing) {
        if (!(smoothing >= 0f && smoothing < 1f)) {
            throw new IllegalArgumentException("SoftmaxCrossEntropy: label smoothing must be in [0, 1) (0.1 is usual)"
                    + " but was " + smoothing);
        }
        this.smoothing = smoothing;
    }

    /** The loss with training targets smoothed by {@code epsilon} in [0, 1): see the class comment. */
    public static SoftmaxCrossEntropy withLabelSmoothing(float epsilon) {
        return new SoftmaxCrossEntropy(epsilon);
    }

    /** The label smoothing ε of the training targets (0 for none). */
    public float labelSmoothing() {
        return smoothing;
    }

    @Override
    public float lossAndGradient(Tensor logits, Tensor target, Tensor gradient) {
        LossChecks.sameShape(toString(), logits, target);
        LossChecks.gradient(toString(), logits, gradient);
        logits.shape().requireRank(toString(), 2);
        int rows = logits.shape().dim(0);
        Backend backend = logits.backend();
        if (smoothing > 0f) {
            int classes = logits.shape().dim(1);
            target = target.scale(1f - smoothing, buffers.get("smoothed", backend, logits.shape()))
                    .addScalarInPlace(smoothing / classes);
        }
        Tensor logProbs = logits.logSoftmaxRows(buffers.get("logProbs", backend, logits.shape()));
        Tensor weighted = logProbs.mul(target, buffers.get("weighted", backend, logits.shape()));
        float loss = -weighted.sum() / rows;
        logProbs.exp(gradient).subInPlace(target).scaleInPlace(1f / rows);
        return loss;
    }

    /** As {@link #lossAndGradient(Tensor, Tensor, Tensor)} with class indices as targets. */
    public float lossAndGradient(Tensor logits, int[] labels, Tensor gradient) {
        return lossAndGradient(logits, oneHotBuffer(logits, labels), gradient);
    }

    @Override
    public float loss(Tensor logits, Tensor target) {
        LossChecks.sameShape(toString(), logits, target);
        logits.shape().requireRank(toString(), 2);
        return -logits.logSoftmaxRows().mulInPlace(target).sum() / logits.shape().dim(0);
    }

    /** As {@link #loss(Tensor, Tensor)} with class indices as targets. */
    public float loss(Tensor logits, int[] labels) {
        logits.shape().requireRank(toString(), 2);
        if (labels.length != logits.shape().dim(0)) {
            throw new IllegalArgumentException(this + ": " + logits.shape().dim(0) + " rows of logits but "
                    + labels.length + " labels; pass one class index per row");
        }
        float[] oneHot = new float[logits.size()];
        OneHot.encode(toString(), labels, labels.length, logits.shape().dim(1), oneHot);
        return loss(logits, logits.backend().of(oneHot, logits.shape()));
    }

    /** Row arg-max of the logits against the row arg-max of the targets ({@link Metrics#accuracy(Tensor, Tensor)}). */
    @Override
    public double accuracy(Tensor logits, Tensor target) {
        LossChecks.sameShape(toString(), logits, target);
        return Metrics.accuracy(logits, target);
    }

    /** Row arg-max of the logits against the class indices ({@link Metrics#accuracy(Tensor, int[])}). */
    public double accuracy(Tensor logits, int[] labels) {
        return Metrics.accuracy(logits, labels);
    }

    private Tensor oneHotBuffer(Tensor logits, int[] labels) {
        logits.shape().requireRank(toString(), 2);
        int rows = logits.shape().dim(0);
        int classes = logits.shape().dim(1);
        if (labels.length != rows) {
            throw new IllegalArgumentException(this + ": " + rows + " rows of logits but " + labels.length
                    + " labels; pass one class index per row");
        }
        int n = rows * classes;
        if (oneHotScratch.length < n) {
            oneHotScratch = new float[n];
        }
        OneHot.encode(toString(), labels, rows, classes, oneHotScratch);
        return buffers.get("oneHot", logits.backend(), logits.shape()).copyFrom(oneHotScratch, 0);
    }

    @Override
    public String toString() {
        return smoothing == 0f ? "SoftmaxCrossEntropy" : "SoftmaxCrossEntropy(labelSmoothing=" + smoothing + ")";
    }
}
