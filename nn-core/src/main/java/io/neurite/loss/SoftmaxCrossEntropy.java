package io.neurite.loss;

import io.neurite.nn.BufferCache;
import io.neurite.tensor.Backend;
import io.neurite.tensor.Shape;
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
 */
public final class SoftmaxCrossEntropy implements Loss {
    private final BufferCache buffers = new BufferCache();
    private float[] oneHotScratch = new float[0];

    @Override
    public float lossAndGradient(Tensor logits, Tensor target, Tensor gradient) {
        LossChecks.sameShape(toString(), logits, target);
        LossChecks.gradient(toString(), logits, gradient);
        logits.shape().requireRank(toString(), 2);
        int rows = logits.shape().dim(0);
        Backend backend = logits.backend();
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
        return loss(logits, oneHot(logits.backend(), labels, logits.shape().dim(1)));
    }

    /** Row argmax of the logits against the row argmax of the targets. */
    @Override
    public double accuracy(Tensor logits, Tensor target) {
        LossChecks.sameShape(toString(), logits, target);
        return accuracy(logits, target.argmaxRows());
    }

    /** Row argmax of the logits against the class indices. */
    public double accuracy(Tensor logits, int[] labels) {
        int[] predicted = logits.argmaxRows();
        if (predicted.length != labels.length) {
            throw new IllegalArgumentException(this + ": " + predicted.length + " rows of logits but "
                    + labels.length + " labels");
        }
        int correct = 0;
        for (int i = 0; i < labels.length; i++) {
            if (predicted[i] == labels[i]) {
                correct++;
            }
        }
        return (double) correct / labels.length;
    }

    /** A new {@code [labels.length, classes]} one-hot tensor. */
    public static Tensor oneHot(Backend backend, int[] labels, int classes) {
        float[] data = new float[labels.length * classes];
        fillOneHot(labels, classes, data, "oneHot");
        return backend.of(data, Shape.of(labels.length, classes));
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
        java.util.Arrays.fill(oneHotScratch, 0, n, 0f);
        fillOneHot(labels, classes, oneHotScratch, toString());
        return buffers.get("oneHot", logits.backend(), logits.shape()).copyFrom(oneHotScratch, 0);
    }

    private static void fillOneHot(int[] labels, int classes, float[] data, String op) {
        for (int i = 0; i < labels.length; i++) {
            int c = labels[i];
            if (c < 0 || c >= classes) {
                throw new IllegalArgumentException(op + ": label " + c + " at row " + i + " is outside [0, " + classes
                        + "); the model has " + classes + " outputs, so labels must be 0.." + (classes - 1));
            }
            data[i * classes + c] = 1f;
        }
    }

    @Override
    public String toString() {
        return "SoftmaxCrossEntropy";
    }
}
