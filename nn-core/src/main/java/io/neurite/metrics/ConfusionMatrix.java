package io.neurite.metrics;

import io.neurite.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Counts of (actual class, predicted class) pairs, accumulated over any number of batches, with the metrics
 * that follow from them: accuracy, and per class precision, recall and F1.
 *
 * <p>For class {@code c}: <em>recall</em> = correct predictions of {@code c} / samples whose actual class is
 * {@code c} (the row sum); <em>precision</em> = correct predictions of {@code c} / predictions of {@code c} (the
 * column sum). When the denominator is 0 the value is undefined and returned as {@code NaN} (and printed as
 * {@code n/a}) rather than a made-up 0.
 *
 * <p>{@link #toString()} prints the table with rows as actual classes and columns as predicted classes,
 * named if class names were given. Mutable and not thread-safe: one evaluation loop fills it.
 */
public final class ConfusionMatrix {
    private final int numClasses;
    private final List<String> classNames;
    private final long[][] counts;

    /** An empty matrix for {@code numClasses} classes, printed as {@code class 0}, {@code class 1}, .... */
    public ConfusionMatrix(int numClasses) {
        this(defaultNames(numClasses));
    }

    /** An empty matrix for the classes {@code classNames} (label {@code i} is {@code classNames.get(i)}). */
    public ConfusionMatrix(List<String> classNames) {
        if (classNames == null || classNames.isEmpty()) {
            throw new IllegalArgumentException("ConfusionMatrix: need at least one class");
        }
        this.numClasses = classNames.size();
        this.classNames = List.copyOf(classNames);
        this.counts = new long[numClasses][numClasses];
    }

    /** Records one sample. */
    public ConfusionMatrix add(int actual, int predicted) {
        check("actual", actual);
        check("predicted", predicted);
        counts[actual][predicted]++;
        return this;
    }

    /** Records {@code actual.length} samples. */
    public ConfusionMatrix add(int[] actual, int[] predicted) {
        if (actual.length != predicted.length) {
            throw new IllegalArgumentException("ConfusionMatrix.add: " + actual.length + " labels but "
                    + predicted.length + " predictions; pass one prediction per label");
        }
        for (int i = 0; i < actual.length; i++) {
            add(actual[i], predicted[i]);
        }
        return this;
    }

    /** Records the arg-max of each row of the {@code [n, numClasses]} {@code scores} against {@code labels}. */
    public ConfusionMatrix add(Tensor scores, int[] labels) {
        scores.shape().requireRank("ConfusionMatrix.add", 2);
        if (scores.shape().dim(1) != numClasses) {
            throw new IllegalArgumentException("ConfusionMatrix.add: the scores are " + scores.shape() + " but the"
                    + " matrix has " + numClasses + " classes; pass [n, " + numClasses + "] scores");
        }
        if (scores.shape().dim(0) != labels.length) {
            throw new IllegalArgumentException("ConfusionMatrix.add: the scores are " + scores.shape() + " but there"
                    + " are " + labels.length + " labels; pass one label per row");
        }
        return add(labels, scores.argmaxRows());
    }

    /** Records the arg-max of each row of {@code scores} against {@code labels}. */
    public ConfusionMatrix add(float[][] scores, int[] labels) {
        return add(labels, Metrics.argmax(scores));
    }

    /** Forgets every count. */
    public void reset() {
        for (long[] row : counts) {
            Arrays.fill(row, 0);
        }
    }

    public int numClasses() {
        return numClasses;
    }

    public List<String> classNames() {
        return classNames;
    }

    /** Samples of class {@code actual} predicted as {@code predicted}. */
    public long count(int actual, int predicted) {
        check("actual", actual);
        check("predicted", predicted);
        return counts[actual][predicted];
    }

    /** A copy of the counts, {@code [actual][predicted]}. */
    public long[][] counts() {
        long[][] copy = new long[numClasses][];
        for (int i = 0; i < numClasses; i++) {
            copy[i] = counts[i].clone();
        }
        return copy;
    }

    /** Samples recorded. */
    public long total() {
        long t = 0;
        for (long[] row : counts) {
            for (long v : row) {
                t += v;
            }
        }
        return t;
    }

    /** Samples predicted correctly (the diagonal). */
    public long correct() {
        long c = 0;
        for (int i = 0; i < numClasses; i++) {
            c += counts[i][i];
        }
        return c;
    }

    /** {@code correct() / total()}; NaN when empty. */
    public double accuracy() {
        long total = total();
        return total == 0 ? Double.NaN : (double) correct() / total;
    }

    /** Samples whose actual class is {@code c} (row sum). */
    public long support(int c) {
        check("class", c);
        long s = 0;
        for (long v : counts[c]) {
            s += v;
        }
        return s;
    }

    /** Samples predicted as {@code c} (column sum). */
    public long predicted(int c) {
        check("class", c);
        long s = 0;
        for (long[] row : counts) {
            s += row[c];
        }
        return s;
    }

    /** Of the samples predicted as {@code c}, the fraction that are {@code c}; NaN if none was predicted. */
    public double precision(int c) {
        long p = predicted(c);
        return p == 0 ? Double.NaN : (double) counts[c][c] / p;
    }

    /** Of the samples of class {@code c}, the fraction predicted as {@code c}; NaN if there are none. */
    public double recall(int c) {
        long s = support(c);
        return s == 0 ? Double.NaN : (double) counts[c][c] / s;
    }

    /** Harmonic mean of precision and recall; NaN if either is, 0 if both are 0. */
    public double f1(int c) {
        double p = precision(c);
        double r = recall(c);
        if (Double.isNaN(p) || Double.isNaN(r)) {
            return Double.NaN;
        }
        return p + r == 0 ? 0 : 2 * p * r / (p + r);
    }

    /** {@link #precision(int)} of every class. */
    public double[] precisions() {
        double[] out = new double[numClasses];
        for (int c = 0; c < numClasses; c++) {
            out[c] = precision(c);
        }
        return out;
    }

    /** {@link #recall(int)} of every class. */
    public double[] recalls() {
        double[] out = new double[numClasses];
        for (int c = 0; c < numClasses; c++) {
            out[c] = recall(c);
        }
        return out;
    }

    /**
     * The table: a header with the sample count and accuracy, one row per actual class (named) ending in its
     * recall, and a last row with each predicted class's precision. For example:
     * <pre>
     * Confusion matrix: 7 samples, accuracy 0.7143 (rows: actual class, columns: predicted class)
     *               0     1     2  recall
     * 0 cat         2     1     0   0.667
     * 1 dog         0     2     0   1.000
     * 2 bird        1     0     1   0.500
     * precision 0.667 0.667 1.000
     * </pre>
     */
    @Override
    public String toString() {
        List<String> labels = new ArrayList<>();
        for (int c = 0; c < numClasses; c++) {
            labels.add(c + " " + classNames.get(c));
        }
        int labelWidth = "precision".length();
        for (String l : labels) {
            labelWidth = Math.max(labelWidth, l.length());
        }
        long max = 0;
        for (long[] row : counts) {
            for (long v : row) {
                max = Math.max(max, v);
            }
        }
        // Wide enough for the largest count, the column index and "0.000".
        int cell = Math.max(Math.max(Long.toString(max).length(), Integer.toString(numClasses - 1).length()), 5) + 1;

        StringBuilder sb = new StringBuilder();
        long total = total();
        sb.append("Confusion matrix: ").append(total).append(" samples");
        if (total > 0) {
            sb.append(String.format(Locale.ROOT, ", accuracy %.4f", accuracy()));
        }
        sb.append(" (rows: actual class, columns: predicted class)\n");
        sb.append(pad("", labelWidth));
        for (int c = 0; c < numClasses; c++) {
            sb.append(left(Integer.toString(c), cell));
        }
        sb.append(left("recall", 8)).append('\n');
        for (int a = 0; a < numClasses; a++) {
            sb.append(pad(labels.get(a), labelWidth));
            for (int p = 0; p < numClasses; p++) {
                sb.append(left(Long.toString(counts[a][p]), cell));
            }
            sb.append(left(ratio(recall(a)), 8)).append('\n');
        }
        sb.append(pad("precision", labelWidth));
        for (int c = 0; c < numClasses; c++) {
            sb.append(left(ratio(precision(c)), cell));
        }
        sb.append('\n');
        return sb.toString();
    }

    private static String ratio(double v) {
        return Double.isNaN(v) ? "n/a" : String.format(Locale.ROOT, "%.3f", v);
    }

    private static String pad(String s, int width) {
        StringBuilder sb = new StringBuilder(s);
        while (sb.length() < width) {
            sb.append(' ');
        }
        return sb.toString();
    }

    private static String left(String s, int width) {
        StringBuilder sb = new StringBuilder();
        while (sb.length() + s.length() < width) {
            sb.append(' ');
        }
        return sb.append(s).toString();
    }

    private void check(String what, int c) {
        if (c < 0 || c >= numClasses) {
            throw new IllegalArgumentException("ConfusionMatrix: " + what + " class " + c + " is outside 0.."
                    + (numClasses - 1) + " for " + numClasses + " classes");
        }
    }

    private static List<String> defaultNames(int numClasses) {
        if (numClasses < 1) {
            throw new IllegalArgumentException("ConfusionMatrix: need at least one class but got " + numClasses);
        }
        List<String> names = new ArrayList<>();
        for (int c = 0; c < numClasses; c++) {
            names.add("class " + c);
        }
        return names;
    }
}
