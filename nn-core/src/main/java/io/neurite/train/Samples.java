package io.neurite.train;

import io.neurite.tensor.Shape;
import io.neurite.tensor.Tensor;
import java.util.Arrays;
import java.util.Objects;

/**
 * A labelled data set held in Java memory, which the {@link Trainer} copies batch by batch into reused
 * tensors of the model's backend: {@code n} samples of per-sample shape {@link #sampleShape()} and as many
 * targets of per-sample shape {@link #targetShape()}, both row-major. For classification the targets are
 * one-hot rows and {@link #labels()} keeps the class indices.
 *
 * <p>Immutable after construction (the arrays are copied in); safe to share between threads.
 */
public final class Samples {
    private final float[] features;
    private final Shape sampleShape;
    private final float[] targets;
    private final Shape targetShape;
    private final int[] labels;
    private final int size;

    private Samples(float[] features, Shape sampleShape, float[] targets, Shape targetShape, int[] labels) {
        this.sampleShape = Objects.requireNonNull(sampleShape, "sampleShape");
        this.targetShape = Objects.requireNonNull(targetShape, "targetShape");
        if (features.length % sampleShape.size() != 0) {
            throw new IllegalArgumentException("Samples: " + features.length + " feature values are not a whole"
                    + " number of samples of shape " + sampleShape);
        }
        this.size = features.length / sampleShape.size();
        if (size == 0) {
            throw new IllegalArgumentException("Samples: no samples given");
        }
        if (targets.length != (long) size * targetShape.size()) {
            throw new IllegalArgumentException("Samples: " + size + " samples need " + (long) size * targetShape.size()
                    + " target values of shape " + targetShape + " but " + targets.length + " were given");
        }
        this.features = features;
        this.targets = targets;
        this.labels = labels;
    }

    /** Samples from row-major arrays: {@code features} holds n × sampleShape, {@code targets} n × targetShape. */
    public static Samples of(float[] features, Shape sampleShape, float[] targets, Shape targetShape) {
        return new Samples(features.clone(), sampleShape, targets.clone(), targetShape, null);
    }

    /** Samples from tensors whose first dimension is the sample index: {@code x [n, ...]}, {@code y [n, ...]}. */
    public static Samples of(Tensor x, Tensor y) {
        if (x.shape().dim(0) != y.shape().dim(0)) {
            throw new IllegalArgumentException("Samples: x has " + x.shape().dim(0) + " samples " + x.shape()
                    + " but y has " + y.shape().dim(0) + " " + y.shape() + "; the first dimensions must agree");
        }
        return new Samples(x.toFloatArray(), perSample(x.shape()), y.toFloatArray(), perSample(y.shape()), null);
    }

    /** Classification samples: {@code x [n, ...]} and one class index in {@code [0, classes)} per sample. */
    public static Samples classification(Tensor x, int[] labels, int classes) {
        return classification(x.toFloatArray(), perSample(x.shape()), labels, classes);
    }

    /** Classification samples from row-major features of per-sample shape {@code sampleShape}. */
    public static Samples classification(float[] features, Shape sampleShape, int[] labels, int classes) {
        if (classes < 2) {
            throw new IllegalArgumentException("Samples: a classification needs at least 2 classes but got " + classes);
        }
        float[] oneHot = new float[labels.length * classes];
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < 0 || labels[i] >= classes) {
                throw new IllegalArgumentException("Samples: label " + labels[i] + " of sample " + i + " is outside [0, "
                        + classes + ")");
            }
            oneHot[i * classes + labels[i]] = 1f;
        }
        return new Samples(features.clone(), sampleShape, oneHot, Shape.of(classes), labels.clone());
    }

    private static Shape perSample(Shape batch) {
        if (batch.rank() < 2) {
            return Shape.of(1);
        }
        return Shape.of(Arrays.copyOfRange(batch.dims(), 1, batch.rank()));
    }

    /** Number of samples. */
    public int size() {
        return size;
    }

    public Shape sampleShape() {
        return sampleShape;
    }

    public Shape targetShape() {
        return targetShape;
    }

    /** The class indices for classification samples (a copy), or {@code null}. */
    public int[] labels() {
        return labels == null ? null : labels.clone();
    }

    /** Number of classes for classification samples, or 0. */
    public int classes() {
        return labels == null ? 0 : targetShape.size();
    }

    /**
     * Copies the samples {@code order[from .. from + count)} into the first {@code count} rows of
     * {@code featureDest} and {@code targetDest} (row-major, per-sample sizes as in the shapes).
     */
    public void gather(int[] order, int from, int count, float[] featureDest, float[] targetDest) {
        int fs = sampleShape.size();
        int ts = targetShape.size();
        for (int r = 0; r < count; r++) {
            int i = order[from + r];
            System.arraycopy(features, i * fs, featureDest, r * fs, fs);
            System.arraycopy(targets, i * ts, targetDest, r * ts, ts);
        }
    }

    /** The first {@code count} samples from {@code from} in their stored order, as a new features tensor. */
    Tensor featuresTensor(io.neurite.tensor.Backend backend, int from, int count) {
        float[] data = Arrays.copyOfRange(features, from * sampleShape.size(), (from + count) * sampleShape.size());
        return backend.of(data, batchShape(sampleShape, count));
    }

    Tensor targetsTensor(io.neurite.tensor.Backend backend, int from, int count) {
        float[] data = Arrays.copyOfRange(targets, from * targetShape.size(), (from + count) * targetShape.size());
        return backend.of(data, batchShape(targetShape, count));
    }

    /** {@code [batch, ...perSample]}. */
    static Shape batchShape(Shape perSample, int batch) {
        int[] d = new int[perSample.rank() + 1];
        d[0] = batch;
        System.arraycopy(perSample.dims(), 0, d, 1, perSample.rank());
        return Shape.of(d);
    }

}
