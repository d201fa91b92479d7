package io.neurite.data;

import io.neurite.tensor.Backend;
import io.neurite.tensor.SeededRandom;
import io.neurite.tensor.Shape;
import io.neurite.tensor.Tensor;
import java.util.Arrays;

/**
 * An immutable, in-memory classification data set: {@code size()} samples, each a row of
 * {@code numFeatures()} floats (a sample of shape {@link #sampleShape()}, flattened row-major) with an integer
 * label in {@code 0 .. numClasses()-1}.
 *
 * <p>Derived data sets ({@link #shuffled}, {@link #split}, {@link #slice}) share the feature rows with their
 * source instead of copying them; that is safe because no method ever writes a row ({@link Normalizer}
 * makes new ones). Feed a model with {@link Batches}, which copies rows into preallocated tensors.
 *
 * <p>Thread-safe (immutable).
 */
public final class Dataset {
    private final float[][] rows;
    private final int[] labels;
    private final int numClasses;
    private final int[] sampleShape;
    private final int numFeatures;

    /** Takes ownership of the arrays (no copy); checks everything. For this package and its readers. */
    Dataset(float[][] rows, int[] labels, int numClasses, int[] sampleShape) {
        if (rows.length != labels.length) {
            throw new IllegalArgumentException("Dataset: " + rows.length + " feature rows but " + labels.length
                    + " labels; every sample needs exactly one label");
        }
        if (rows.length == 0) {
            throw new IllegalArgumentException("Dataset: no samples; a data set needs at least one");
        }
        if (numClasses < 1) {
            throw new IllegalArgumentException("Dataset: numClasses must be at least 1 but was " + numClasses);
        }
        int[] shape = sampleShape.length == 0 ? new int[] {rows[0].length} : sampleShape.clone();
        if (shape.length > Shape.MAX_RANK - 1) {
            throw new IllegalArgumentException("Dataset: sample shape " + Arrays.toString(shape) + " has rank "
                    + shape.length + "; at most " + (Shape.MAX_RANK - 1) + " so that a batch fits a rank-"
                    + Shape.MAX_RANK + " tensor");
        }
        long features = 1;
        for (int d : shape) {
            if (d < 1) {
                throw new IllegalArgumentException("Dataset: sample shape " + Arrays.toString(shape)
                        + " has a dimension < 1");
            }
            features *= d;
        }
        for (int i = 0; i < rows.length; i++) {
            if (rows[i] == null || rows[i].length != features) {
                throw new IllegalArgumentException("Dataset: row " + i + " has " + (rows[i] == null ? "no array"
                        : rows[i].length + " features") + " but the sample shape " + Arrays.toString(shape)
                        + " needs " + features);
            }
            if (labels[i] < 0 || labels[i] >= numClasses) {
                throw new IllegalArgumentException("Dataset: label " + labels[i] + " of sample " + i
                        + " is outside 0.." + (numClasses - 1) + " for " + numClasses + " classes");
            }
        }
        this.rows = rows;
        this.labels = labels;
        this.numClasses = numClasses;
        this.sampleShape = shape;
        this.numFeatures = (int) features;
    }

    /**
     * A data set holding copies of {@code features} (one row per sample) and {@code labels}.
     *
     * @param sampleShape the shape of one sample, e.g. {@code 28, 28}; empty means a flat row
     *                    ({@code [features[0].length]})
     */
    public static Dataset of(float[][] features, int[] labels, int numClasses, int... sampleShape) {
        float[][] copy = new float[features.length][];
        for (int i = 0; i < features.length; i++) {
            copy[i] = features[i] == null ? null : features[i].clone();
        }
        return new Dataset(copy, labels.clone(), numClasses, sampleShape);
    }

    /**
     * A data set over {@code rows} and {@code labels} themselves, without copying: the caller hands them over
     * and must not change them afterwards. For readers such as {@code IdxReader} that build fresh arrays.
     */
    public static Dataset wrapping(float[][] rows, int[] labels, int numClasses, int... sampleShape) {
        return new Dataset(rows, labels, numClasses, sampleShape);
    }

    /** Number of samples. */
    public int size() {
        return rows.length;
    }

    /** Number of classes; labels are {@code 0 .. numClasses()-1}. */
    public int numClasses() {
        return numClasses;
    }

    /** A copy of the shape of one sample, e.g. {@code [28, 28]}. */
    public int[] sampleShape() {
        return sampleShape.clone();
    }

    /** Floats per sample: the product of {@link #sampleShape()}. */
    public int numFeatures() {
        return numFeatures;
    }

    /** The label of sample {@code i}. */
    public int label(int i) {
        return labels[i];
    }

    /** A copy of all labels in sample order. */
    public int[] labels() {
        return labels.clone();
    }

    /** A copy of the features of sample {@code i}. */
    public float[] features(int i) {
        return rows[i].clone();
    }

    /** Copies the features of sample {@code i} into {@code dest[offset .. offset + numFeatures())}. */
    public void copyFeatures(int i, float[] dest, int offset) {
        System.arraycopy(rows[i], 0, dest, offset, numFeatures);
    }

    /** How many samples each class has: {@code counts[c]} for class {@code c}. */
    public int[] classCounts() {
        int[] counts = new int[numClasses];
        for (int label : labels) {
            counts[label]++;
        }
        return counts;
    }

    /** The samples in a seeded random order; the same seed gives the same order on every run and JVM. */
    public Dataset shuffled(long seed) {
        int[] order = identity(size());
        new SeededRandom(seed).shuffle(order);
        return select(order, 0, order.length);
    }

    /** Samples {@code from} (inclusive) to {@code to} (exclusive), in order. */
    public Dataset slice(int from, int to) {
        if (from < 0 || to > size() || from >= to) {
            throw new IllegalArgumentException("Dataset.slice: [" + from + ", " + to + ") is not a non-empty range"
                    + " within the " + size() + " samples");
        }
        return new Dataset(Arrays.copyOfRange(rows, from, to), Arrays.copyOfRange(labels, from, to), numClasses,
                sampleShape);
    }

    /**
     * Splits off a validation set: the samples are shuffled with {@code seed}, then the first
     * {@code round(size() * validationFraction)} go to validation and the rest to training. Both parts keep this
     * set's number of classes even if one lacks a class.
     *
     * @param validationFraction strictly between 0 and 1, leaving at least one sample on each side
     */
    public Split split(double validationFraction, long seed) {
        if (!(validationFraction > 0 && validationFraction < 1)) {
            throw new IllegalArgumentException("Dataset.split: validationFraction must be strictly between 0 and 1"
                    + " but was " + validationFraction + " (e.g. 0.1 keeps 10% for validation)");
        }
        int validation = (int) Math.round(size() * validationFraction);
        if (validation < 1 || validation >= size()) {
            throw new IllegalArgumentException("Dataset.split: " + validationFraction + " of " + size()
                    + " samples leaves " + validation + " for validation and " + (size() - validation)
                    + " for training; each side needs at least one sample");
        }
        int[] order = identity(size());
        new SeededRandom(seed).shuffle(order);
        return new Split(select(order, validation, order.length), select(order, 0, validation));
    }

    /**
     * All features as one new {@code [size(), numFeatures()]} tensor on {@code backend} (convenient for
     * evaluating a small set in one go; use {@link Batches} for training).
     */
    public Tensor toTensor(Backend backend) {
        float[] flat = new float[size() * numFeatures];
        for (int i = 0; i < rows.length; i++) {
            System.arraycopy(rows[i], 0, flat, i * numFeatures, numFeatures);
        }
        return backend.of(flat, Shape.of(size(), numFeatures));
    }

    /** The rows themselves, not copies: for this package, which never writes them. */
    float[][] rows() {
        return rows;
    }

    int[] labelsArray() {
        return labels;
    }

    /** A data set with the same labels and classes but new feature rows (used by {@link Normalizer}). */
    Dataset withRows(float[][] newRows) {
        return new Dataset(newRows, labels, numClasses, sampleShape);
    }

    private Dataset select(int[] order, int from, int to) {
        float[][] r = new float[to - from][];
        int[] l = new int[to - from];
        for (int i = from; i < to; i++) {
            r[i - from] = rows[order[i]];
            l[i - from] = labels[order[i]];
        }
        return new Dataset(r, l, numClasses, sampleShape);
    }

    private static int[] identity(int n) {
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        return order;
    }

    /** {@code Dataset[60000 samples of [28, 28], 10 classes]}. */
    @Override
    public String toString() {
        return "Dataset[" + size() + " samples of " + Arrays.toString(sampleShape) + ", " + numClasses + " classes]";
    }

    /** A training part and a validation part of one data set; they share no sample. */
    public static final class Split {
        private final Dataset train;
        private final Dataset validation;

        Split(Dataset train, Dataset validation) {
            this.train = train;
            this.validation = validation;
        }

        public Dataset train() {
            return train;
        }

        public Dataset validation() {
            return validation;
        }

        @Override
        public String toString() {
            return "Split[train " + train.size() + ", validation " + validation.size() + "]";
        }
    }
}
