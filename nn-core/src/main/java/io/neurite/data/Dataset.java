package io.neurite.data;

import io.neurite.tensor.Backend;
import io.neurite.tensor.SeededRandom;
import io.neurite.tensor.Shape;
import io.neurite.tensor.Tensor;
import java.util.Arrays;
import java.util.Objects;

/**
 * An immutable, in-memory data set: {@code size()} samples of per-sample shape {@link #sampleShape()}
 * ({@code [784]}, {@code [1, 28, 28]}, ...), each with a target. The target is either
 * <ul>
 *   <li>a class label in {@code 0 .. numClasses()-1} ({@link #isClassification()}; the target shape is
 *       {@code [numClasses]}, and one-hot rows are made per batch, never stored), or</li>
 *   <li>floats of any per-sample {@link #targetShape()} (regression, e.g. XOR's {@code [1]} for a mean squared
 *       error).</li>
 * </ul>
 *
 * <p><b>Storage.</b> All features live in one row-major {@code float[]} (Fashion-MNIST's 60,000 training
 * images cost 188 MB once), the targets in one array. Derived data sets — {@link #shuffled}, {@link #split},
 * {@link #slice}, {@link #reshape}, {@link #flat} — are views: they share those arrays and keep at most an
 * index order ({@code int} per sample), so none copies the features. That is safe because no method ever
 * writes them. {@link Normalizer#apply} makes a view too: it keeps the normalizer, and the values are
 * normalised as they are read ({@link #features}, {@link #copyFeatures}, {@link #toTensor} and the batch
 * gather of {@link Batches}), so a normalised Fashion-MNIST costs no second 188 MB.
 *
 * <p>Feed a model with {@link Batches}, which copies samples into tensors reused from batch to batch.
 *
 * <p>Thread-safe (immutable).
 */
public final class Dataset {
    /** Row-major features of the stored rows, {@code numFeatures} floats per row. */
    private final float[] features;
    /** Sample {@code i} of this view is stored row {@code rows[i]}; {@code null} means row {@code i}. */
    private final int[] rows;
    private final int size;
    private final Shape sampleShape;
    private final int numFeatures;
    /** Per stored row (classification), or {@code null}. */
    private final int[] labels;
    private final int numClasses;
    /** Per stored row, {@code targetShape.size()} floats each (regression), or {@code null}. */
    private final float[] targets;
    private final Shape targetShape;
    /** Applied to every sample as it is read; {@code null} means the stored values as they are. */
    private final Normalizer normalizer;

    private Dataset(float[] features, int[] rows, int size, Shape sampleShape, int[] labels, int numClasses,
                    float[] targets, Shape targetShape, Normalizer normalizer) {
        this.features = features;
        this.normalizer = normalizer;
        this.rows = rows;
        this.size = size;
        this.sampleShape = sampleShape;
        this.numFeatures = sampleShape.size();
        this.labels = labels;
        this.numClasses = numClasses;
        this.targets = targets;
        this.targetShape = targetShape;
    }

    // ---- creation ---------------------------------------------------------------------------------------

    /**
     * A classification data set over {@code features} ({@code n} samples of {@code sampleShape}, row-major) and
     * {@code labels} themselves, without copying: the caller hands the arrays over and must not change them
     * afterwards. For readers such as {@code IdxReader} that build fresh arrays; checks everything.
     */
    public static Dataset wrapping(float[] features, Shape sampleShape, int[] labels, int numClasses) {
        Objects.requireNonNull(features, "features");
        Objects.requireNonNull(labels, "labels");
        int n = sampleCount(features, sampleShape, labels.length);
        if (numClasses < 1) {
            throw new IllegalArgumentException("Dataset: numClasses must be at least 1 but was " + numClasses);
        }
        for (int i = 0; i < n; i++) {
            if (labels[i] < 0 || labels[i] >= numClasses) {
                throw new IllegalArgumentException("Dataset: label " + labels[i] + " of sample " + i
                        + " is outside 0.." + (numClasses - 1) + " for " + numClasses + " classes");
            }
        }
        return new Dataset(features, null, n, sampleShape, labels, numClasses, null, Shape.of(numClasses), null);
    }

    /** A classification data set holding copies of {@code features} (row-major, {@code n × sampleShape}) and {@code labels}. */
    public static Dataset classification(float[] features, Shape sampleShape, int[] labels, int numClasses) {
        return wrapping(features.clone(), sampleShape, labels.clone(), numClasses);
    }

    /** A classification data set from {@code x [n, ...]} (copied out of the tensor) and one label per sample. */
    public static Dataset classification(Tensor x, int[] labels, int numClasses) {
        return wrapping(x.toFloatArray(), perSample(x.shape()), labels.clone(), numClasses);
    }

    /**
     * A classification data set holding copies of {@code rows} (one flat row per sample) and {@code labels}.
     *
     * @param sampleShape the shape of one sample, e.g. {@code 1, 28, 28}; empty means a flat row
     *                    ({@code [rows[0].length]})
     */
    public static Dataset of(float[][] rows, int[] labels, int numClasses, int... sampleShape) {
        if (rows.length == 0) {
            throw new IllegalArgumentException("Dataset: no samples; a data set needs at least one");
        }
        if (rows[0] == null) {
            throw new IllegalArgumentException("Dataset: row 0 has no array");
        }
        Shape shape = sampleShape.length == 0 ? Shape.of(rows[0].length) : sampleShape(sampleShape);
        int f = shape.size();
        float[] flat = new float[Math.multiplyExact(rows.length, f)];
        for (int i = 0; i < rows.length; i++) {
            if (rows[i] == null || rows[i].length != f) {
                throw new IllegalArgumentException("Dataset: row " + i + " has " + (rows[i] == null ? "no array"
                        : rows[i].length + " features") + " but the sample shape " + shape + " needs " + f);
            }
            System.arraycopy(rows[i], 0, flat, i * f, f);
        }
        return wrapping(flat, shape, labels.clone(), numClasses);
    }

    /**
     * A data set with float targets (regression): {@code features} holds {@code n × sampleShape} and
     * {@code targets} {@code n × targetShape}, both row-major; both are copied.
     */
    public static Dataset of(float[] features, Shape sampleShape, float[] targets, Shape targetShape) {
        Objects.requireNonNull(targetShape, "targetShape");
        int n = sampleCount(features, sampleShape, -1);
        if (targets.length != (long) n * targetShape.size()) {
            throw new IllegalArgumentException("Dataset: " + n + " samples of shape " + sampleShape + " need "
                    + (long) n * targetShape.size() + " target values of shape " + targetShape + " but "
                    + targets.length + " were given");
        }
        checkRank("target", targetShape);
        return new Dataset(features.clone(), null, n, sampleShape, null, 0, targets.clone(), targetShape, null);
    }

    /** A data set with float targets from tensors whose first dimension is the sample: {@code x [n, ...]}, {@code y [n, ...]}. */
    public static Dataset of(Tensor x, Tensor y) {
        if (x.shape().dim(0) != y.shape().dim(0)) {
            throw new IllegalArgumentException("Dataset: x has " + x.shape().dim(0) + " samples " + x.shape()
                    + " but y has " + y.shape().dim(0) + " " + y.shape() + "; the first dimensions must agree");
        }
        return of(x.toFloatArray(), perSample(x.shape()), y.toFloatArray(), perSample(y.shape()));
    }

    // ---- what it holds ----------------------------------------------------------------------------------

    /** Number of samples. */
    public int size() {
        return size;
    }

    /** The shape of one sample, e.g. {@code [1, 28, 28]}. */
    public Shape sampleShape() {
        return sampleShape;
    }

    /** Floats per sample: the product of {@link #sampleShape()}. */
    public int numFeatures() {
        return numFeatures;
    }

    /** Whether the targets are class labels (else they are floats of {@link #targetShape()}). */
    public boolean isClassification() {
        return labels != null;
    }

    /** The shape of one target: {@code [numClasses]} (one-hot) for classification. */
    public Shape targetShape() {
        return targetShape;
    }

    /** Number of classes; labels are {@code 0 .. numClasses()-1}. Only for classification. */
    public int numClasses() {
        requireClassification("numClasses");
        return numClasses;
    }

    /** The label of sample {@code i}. Only for classification. */
    public int label(int i) {
        requireClassification("label");
        return labels[row(i)];
    }

    /** A copy of all labels in sample order. Only for classification. */
    public int[] labels() {
        requireClassification("labels");
        int[] out = new int[size];
        for (int i = 0; i < size; i++) {
            out[i] = labels[row(i)];
        }
        return out;
    }

    /** A copy of the features of sample {@code i}. */
    public float[] features(int i) {
        float[] out = new float[numFeatures];
        copyFeatures(i, out, 0);
        return out;
    }

    /** Copies the features of sample {@code i} (normalised, if it is a normalised view) into {@code dest[offset .. offset + numFeatures())}. */
    public void copyFeatures(int i, float[] dest, int offset) {
        if (normalizer == null) {
            System.arraycopy(features, offset(i), dest, offset, numFeatures);
        } else {
            normalizer.applyRow(features, offset(i), dest, offset);
        }
    }

    /**
     * Copies the target of sample {@code i} into {@code dest[offset .. offset + targetShape().size())}: the one-hot
     * row of its label for classification.
     */
    public void copyTarget(int i, float[] dest, int offset) {
        int t = targetShape.size();
        if (labels != null) {
            Arrays.fill(dest, offset, offset + t, 0f);
            dest[offset + labels[row(i)]] = 1f;
        } else {
            System.arraycopy(targets, row(i) * t, dest, offset, t);
        }
    }

    /** How many samples each class has: {@code counts[c]} for class {@code c}. Only for classification. */
    public int[] classCounts() {
        requireClassification("classCounts");
        int[] counts = new int[numClasses];
        for (int i = 0; i < size; i++) {
            counts[labels[row(i)]]++;
        }
        return counts;
    }

    // ---- views ------------------------------------------------------------------------------------------

    /** The samples in a seeded random order; the same seed gives the same order on every run and JVM. */
    public Dataset shuffled(long seed) {
        int[] order = identity(size);
        new SeededRandom(seed).shuffle(order);
        return select(order, 0, order.length);
    }

    /** Samples {@code from} (inclusive) to {@code to} (exclusive), in order. */
    public Dataset slice(int from, int to) {
        if (from < 0 || to > size || from >= to) {
            throw new IllegalArgumentException("Dataset.slice: [" + from + ", " + to + ") is not a non-empty range"
                    + " within the " + size + " samples");
        }
        return select(identity(size), from, to);
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
        int validation = (int) Math.round(size * validationFraction);
        if (validation < 1 || validation >= size) {
            throw new IllegalArgumentException("Dataset.split: " + validationFraction + " of " + size
                    + " samples leaves " + validation + " for validation and " + (size - validation)
                    + " for training; each side needs at least one sample");
        }
        int[] order = identity(size);
        new SeededRandom(seed).shuffle(order);
        return new Split(select(order, validation, order.length), select(order, 0, validation));
    }

    /**
     * The same samples seen with another per-sample shape of as many values, e.g. {@code [28, 28]} as
     * {@code [1, 28, 28]} for a convolution (row-major order is unchanged; nothing is copied).
     */
    public Dataset reshape(Shape newSampleShape) {
        checkRank("sample", newSampleShape);
        if (newSampleShape.size() != numFeatures) {
            throw new IllegalArgumentException("Dataset.reshape: samples of shape " + sampleShape + " hold "
                    + numFeatures + " values but " + newSampleShape + " holds " + newSampleShape.size()
                    + "; the new shape must hold as many");
        }
        return new Dataset(features, rows, size, newSampleShape, labels, numClasses, targets, targetShape,
                normalizer);
    }

    /** Each sample as a flat vector {@code [numFeatures()]}, what a model starting with a Dense layer takes. */
    public Dataset flat() {
        return reshape(Shape.of(numFeatures));
    }

    /**
     * All features as one new {@code [size(), ...sampleShape()]} tensor on {@code backend} (convenient for
     * evaluating a small set in one go; use {@link Batches} for training).
     */
    public Tensor toTensor(Backend backend) {
        float[] out = new float[Math.multiplyExact(size, numFeatures)];
        for (int i = 0; i < size; i++) {
            copyFeatures(i, out, i * numFeatures);
        }
        return backend.of(out, batchShape(size, sampleShape));
    }

    /** {@code Dataset[60000 samples of [1, 28, 28], 10 classes]} or {@code Dataset[4 samples of [2], targets [1]]}. */
    @Override
    public String toString() {
        return "Dataset[" + size + " samples of " + sampleShape + ", "
                + (labels != null ? numClasses + " classes" : "targets " + targetShape)
                + (normalizer != null ? ", normalised" : "") + "]";
    }

    // ---- for this package (Batches, Normalizer) -----------------------------------------------------------

    /** The shared feature storage, as stored: {@link #normalizer()} is not applied. Never written. */
    float[] storage() {
        return features;
    }

    /** Where sample {@code i}'s features start in {@link #storage()}. */
    int offset(int i) {
        return row(i) * numFeatures;
    }

    /** The label of sample {@code i} without the classification check (for batching loops). */
    int labelUnchecked(int i) {
        return labels[row(i)];
    }

    /** What every sample goes through as it is read, or {@code null} for the stored values. */
    Normalizer normalizer() {
        return normalizer;
    }

    /**
     * This view normalised by {@code next} as its samples are read: after this view's own normalizer, if it has
     * one, composed into one ({@link Normalizer#then}). Used by {@link Normalizer#apply}.
     */
    Dataset normalizedBy(Normalizer next) {
        Normalizer composed = normalizer == null ? next : normalizer.then(next);
        return new Dataset(features, rows, size, sampleShape, labels, numClasses, targets, targetShape, composed);
    }

    /**
     * This data set with its values as they are read stored (normalised, when it is a normalised view), so that
     * {@link #storage()} holds them: itself when it has no normalizer, else a compact copy (no index order).
     * For the statistics of {@link Normalizer}, which read the storage directly.
     */
    Dataset stored() {
        if (normalizer == null) {
            return this;
        }
        float[] out = new float[Math.multiplyExact(size, numFeatures)];
        for (int i = 0; i < size; i++) {
            copyFeatures(i, out, i * numFeatures);
        }
        if (labels != null) {
            return new Dataset(out, null, size, sampleShape, labels(), numClasses, null, targetShape, null);
        }
        int t = targetShape.size();
        float[] gathered = new float[size * t];
        for (int i = 0; i < size; i++) {
            copyTarget(i, gathered, i * t);
        }
        return new Dataset(out, null, size, sampleShape, null, 0, gathered, targetShape, null);
    }

    /** {@code [batch, ...perSample]}. */
    static Shape batchShape(int batch, Shape perSample) {
        int[] d = new int[perSample.rank() + 1];
        d[0] = batch;
        System.arraycopy(perSample.dims(), 0, d, 1, perSample.rank());
        return Shape.of(d);
    }

    // ---- helpers ----------------------------------------------------------------------------------------

    private int row(int i) {
        if (i < 0 || i >= size) {
            throw new IndexOutOfBoundsException("Dataset: sample " + i + " is outside 0.." + (size - 1));
        }
        return rows == null ? i : rows[i];
    }

    private Dataset select(int[] order, int from, int to) {
        int[] r = new int[to - from];
        for (int i = from; i < to; i++) {
            r[i - from] = row(order[i]);
        }
        return new Dataset(features, r, r.length, sampleShape, labels, numClasses, targets, targetShape, normalizer);
    }

    private void requireClassification(String what) {
        if (labels == null) {
            throw new IllegalStateException("Dataset." + what + ": this data set has float targets of shape "
                    + targetShape + ", not class labels; make it with Dataset.classification(...) for labels");
        }
    }

    /** The number of samples in {@code features}; checks the shape and, if {@code expected >= 0}, the count. */
    private static int sampleCount(float[] features, Shape sampleShape, int expected) {
        Objects.requireNonNull(features, "features");
        Objects.requireNonNull(sampleShape, "sampleShape");
        checkRank("sample", sampleShape);
        int f = sampleShape.size();
        if (features.length % f != 0) {
            throw new IllegalArgumentException("Dataset: " + features.length + " feature values are not a whole"
                    + " number of samples of shape " + sampleShape + " (" + f + " values each)");
        }
        int n = features.length / f;
        if (expected >= 0 && n != expected) {
            throw new IllegalArgumentException("Dataset: " + n + " samples of shape " + sampleShape + " but "
                    + expected + " labels; every sample needs exactly one label");
        }
        if (n == 0) {
            throw new IllegalArgumentException("Dataset: no samples; a data set needs at least one");
        }
        return n;
    }

    private static Shape sampleShape(int[] dims) {
        for (int d : dims) {
            if (d < 1) {
                throw new IllegalArgumentException("Dataset: sample shape " + Arrays.toString(dims)
                        + " has a dimension < 1");
            }
        }
        if (dims.length > Shape.MAX_RANK - 1) {
            throw new IllegalArgumentException("Dataset: sample shape " + Arrays.toString(dims) + " has rank "
                    + dims.length + "; at most " + (Shape.MAX_RANK - 1) + " so that a batch fits a rank-"
                    + Shape.MAX_RANK + " tensor");
        }
        return Shape.of(dims);
    }

    private static void checkRank(String what, Shape shape) {
        if (shape.rank() > Shape.MAX_RANK - 1) {
            throw new IllegalArgumentException("Dataset: " + what + " shape " + shape + " has rank " + shape.rank()
                    + "; at most " + (Shape.MAX_RANK - 1) + " so that a batch fits a rank-" + Shape.MAX_RANK
                    + " tensor");
        }
    }

    /** {@code [batch, a, b]} → {@code [a, b]}; a rank-1 {@code [batch]} → {@code [1]}. */
    private static Shape perSample(Shape batch) {
        if (batch.rank() < 2) {
            return Shape.of(1);
        }
        return Shape.of(Arrays.copyOfRange(batch.dims(), 1, batch.rank()));
    }

    private static int[] identity(int n) {
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        return order;
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
