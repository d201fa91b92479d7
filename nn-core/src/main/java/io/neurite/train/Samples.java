package io.neurite.train;

import io.neurite.data.Dataset;
import io.neurite.tensor.Backend;
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
 * <p>Immutable after construction (arrays are copied in; a {@link Dataset} is immutable and shared, not
 * copied); safe to share between threads.
 */
public final class Samples {
    /** Copies sample {@code i}'s features to {@code dest[offset ..]}. */
    private interface FeatureSource {
        void copy(int i, float[] dest, int offset);
    }

    private final FeatureSource features;
    private final Shape sampleShape;
    private final float[] targets;
    private final Shape targetShape;
    private final int[] labels;
    private final int size;

    private Samples(float[] features, Shape sampleShape, float[] targets, Shape targetShape, int[] labels) {
        this(features.length / sampleShape.size(), sampleShape,
                (i, dest, offset) -> System.arraycopy(features, i * sampleShape.size(), dest, offset, sampleShape.size()),
                targets, targetShape, labels);
        if (features.length % sampleShape.size() != 0) {
            throw new IllegalArgumentException("Samples: " + features.length + " feature values are not a whole"
                    + " number of samples of shape " + sampleShape);
        }
    }

    private Samples(int size, Shape sampleShape, FeatureSource features, float[] targets, Shape targetShape,
                    int[] labels) {
        this.sampleShape = Objects.requireNonNull(sampleShape, "sampleShape");
        this.targetShape = Objects.requireNonNull(targetShape, "targetShape");
        this.size = size;
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

    /**
     * The classification samples of {@code dataset}, sharing its feature rows (no copy), with its per-sample
     * shape (e.g. {@code [28, 28]}); see {@link #flat(Dataset)} for a model that starts with a Dense layer.
     */
    public static Samples of(Dataset dataset) {
        return fromDataset(dataset, Shape.of(dataset.sampleShape()));
    }

    /** As {@link #of(Dataset)} with each sample seen as a vector of {@code numFeatures()} values. */
    public static Samples flat(Dataset dataset) {
        return fromDataset(dataset, Shape.of(dataset.numFeatures()));
    }

    private static Samples fromDataset(Dataset dataset, Shape sampleShape) {
        int[] labels = dataset.labels();
        int classes = dataset.numClasses();
        float[] oneHot = new float[labels.length * classes];
        for (int i = 0; i < labels.length; i++) {
            oneHot[i * classes + labels[i]] = 1f;
        }
        return new Samples(dataset.size(), sampleShape, dataset::copyFeatures, oneHot, Shape.of(classes), labels);
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
            features.copy(i, featureDest, r * fs);
            System.arraycopy(targets, i * ts, targetDest, r * ts, ts);
        }
    }

    /** The first {@code count} samples from {@code from} in their stored order, as a new features tensor. */
    Tensor featuresTensor(Backend backend, int from, int count) {
        int fs = sampleShape.size();
        float[] data = new float[count * fs];
        for (int r = 0; r < count; r++) {
            features.copy(from + r, data, r * fs);
        }
        return backend.of(data, batchShape(sampleShape, count));
    }

    Tensor targetsTensor(Backend backend, int from, int count) {
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
