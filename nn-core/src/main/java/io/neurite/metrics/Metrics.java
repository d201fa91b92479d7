package io.neurite.metrics;

import io.neurite.tensor.Tensor;

/**
 * Classification metrics on plain arrays and on {@code [samples, classes]} score tensors (logits or
 * probabilities: only the order of the scores within a row matters). This is the one place accuracy is
 * computed: the losses' {@code accuracy}, and so the {@code Trainer}'s {@code accuracy} and
 * {@code val_accuracy}, come here; the CLI's {@link ConfusionMatrix} uses the same arg-max rule.
 *
 * <p><b>Ties.</b> The predicted class of a row is its arg-max, the <em>first</em> on ties, as
 * {@link Tensor#argmaxRows()}. Top-k uses the same rule, so {@code topKAccuracy(..., 1) == accuracy(...)}: a
 * label is in the top k when fewer than k classes rank before it, where class {@code j} ranks before the label
 * if its score is greater, or equal with {@code j} smaller than the label. NaN scores are rejected: they
 * compare false with everything and would make any ranking meaningless.
 *
 * <p>Stateless and thread-safe. For accumulating over batches, count with {@link #countCorrect} and
 * {@link #countTopK}, or use a {@link ConfusionMatrix}.
 */
public final class Metrics {
    private Metrics() {
    }

    /** Fraction of positions where {@code predicted[i] == actual[i]}. */
    public static double accuracy(int[] predicted, int[] actual) {
        return (double) countCorrect(predicted, actual) / nonEmpty("accuracy", actual.length);
    }

    /** Accuracy of the arg-max of each row of {@code scores} ({@code [n, classes]}) against {@code labels}. */
    public static double accuracy(Tensor scores, int[] labels) {
        return topKAccuracy(scores, labels, 1);
    }

    /**
     * Accuracy of the arg-max of each row of {@code scores} against the arg-max of the same row of
     * {@code targets} (one-hot rows, or any distribution): both {@code [n, classes]}.
     */
    public static double accuracy(Tensor scores, Tensor targets) {
        if (!scores.shape().equals(targets.shape())) {
            throw new IllegalArgumentException("accuracy: the scores are " + scores.shape() + " but the targets "
                    + targets.shape() + "; pass one target row per score row");
        }
        targets.shape().requireRank("accuracy", 2);
        return accuracy(scores, targets.argmaxRows());
    }

    /**
     * The accuracy of a binary classifier, element by element: {@code logit > 0} (probability above one half)
     * against {@code target > 0.5}, over tensors of one shape.
     */
    public static double binaryAccuracy(Tensor logits, Tensor targets) {
        if (!logits.shape().equals(targets.shape())) {
            throw new IllegalArgumentException("binaryAccuracy: the logits are " + logits.shape() + " but the targets "
                    + targets.shape() + "; pass one target per logit");
        }
        float[] p = logits.toFloatArray();
        float[] t = targets.toFloatArray();
        int correct = 0;
        for (int i = 0; i < p.length; i++) {
            if (Float.isNaN(p[i])) {
                throw new IllegalArgumentException("binaryAccuracy: logit " + i + " is NaN; the model diverged (try a"
                        + " lower learning rate) or its input has NaN");
            }
            if ((p[i] > 0f) == (t[i] > 0.5f)) {
                correct++;
            }
        }
        return (double) correct / nonEmpty("binaryAccuracy", p.length);
    }

    /** Accuracy of the arg-max of each row of {@code scores} against {@code labels}. */
    public static double accuracy(float[][] scores, int[] labels) {
        return topKAccuracy(scores, labels, 1);
    }

    /** Fraction of rows whose label is among the k highest scores. */
    public static double topKAccuracy(Tensor scores, int[] labels, int k) {
        return (double) countTopK(scores, labels, k) / nonEmpty("topKAccuracy", labels.length);
    }

    /** Fraction of rows whose label is among the k highest scores. */
    public static double topKAccuracy(float[][] scores, int[] labels, int k) {
        return (double) countTopK(scores, labels, k) / nonEmpty("topKAccuracy", labels.length);
    }

    /** Number of positions where {@code predicted[i] == actual[i]}. */
    public static int countCorrect(int[] predicted, int[] actual) {
        if (predicted.length != actual.length) {
            throw new IllegalArgumentException("accuracy: " + predicted.length + " predictions but " + actual.length
                    + " labels; pass one prediction per label");
        }
        int correct = 0;
        for (int i = 0; i < actual.length; i++) {
            if (predicted[i] == actual[i]) {
                correct++;
            }
        }
        return correct;
    }

    /** Number of rows of {@code scores} ({@code [n, classes]}) whose label is among the k highest scores. */
    public static int countTopK(Tensor scores, int[] labels, int k) {
        scores.shape().requireRank("topKAccuracy", 2);
        int rows = scores.shape().dim(0);
        int classes = scores.shape().dim(1);
        checkArguments(rows, classes, labels, k);
        float[] flat = scores.toFloatArray();
        int count = 0;
        for (int i = 0; i < rows; i++) {
            if (inTopK(flat, i * classes, classes, labels[i], k, i)) {
                count++;
            }
        }
        return count;
    }

    /** Number of rows of {@code scores} whose label is among the k highest scores. */
    public static int countTopK(float[][] scores, int[] labels, int k) {
        int classes = scores.length == 0 ? 0 : scores[0].length;
        checkArguments(scores.length, classes, labels, k);
        int count = 0;
        for (int i = 0; i < scores.length; i++) {
            if (scores[i].length != classes) {
                throw new IllegalArgumentException("topKAccuracy: row " + i + " has " + scores[i].length
                        + " scores but row 0 has " + classes + "; every row needs one score per class");
            }
            if (inTopK(scores[i], 0, classes, labels[i], k, i)) {
                count++;
            }
        }
        return count;
    }

    /** The arg-max of each row (the first on ties). */
    public static int[] argmax(float[][] scores) {
        int[] out = new int[scores.length];
        for (int i = 0; i < scores.length; i++) {
            float[] row = scores[i];
            if (row.length == 0) {
                throw new IllegalArgumentException("argmax: row " + i + " is empty");
            }
            int best = 0;
            for (int j = 0; j < row.length; j++) {
                if (Float.isNaN(row[j])) {
                    throw nan("argmax", i, j);
                }
                if (row[j] > row[best]) {
                    best = j;
                }
            }
            out[i] = best;
        }
        return out;
    }

    private static boolean inTopK(float[] s, int offset, int classes, int label, int k, int row) {
        float target = s[offset + label];
        int before = 0;
        for (int j = 0; j < classes; j++) {
            float v = s[offset + j];
            if (Float.isNaN(v)) {
                throw nan("topKAccuracy", row, j);
            }
            if (v > target || (v == target && j < label)) {
                before++;
            }
        }
        return before < k;
    }

    private static void checkArguments(int rows, int classes, int[] labels, int k) {
        if (rows != labels.length) {
            throw new IllegalArgumentException("topKAccuracy: the scores have " + rows + " rows but there are "
                    + labels.length + " labels; pass one label per row");
        }
        if (k < 1 || k > classes) {
            throw new IllegalArgumentException("topKAccuracy: k must be between 1 and the number of classes ("
                    + classes + ") but was " + k);
        }
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < 0 || labels[i] >= classes) {
                throw new IllegalArgumentException("topKAccuracy: label " + labels[i] + " at row " + i
                        + " is outside 0.." + (classes - 1) + " for scores with " + classes + " columns");
            }
        }
    }

    private static int nonEmpty(String op, int n) {
        if (n == 0) {
            throw new IllegalArgumentException(op + ": no samples; accuracy of nothing is undefined");
        }
        return n;
    }

    private static IllegalArgumentException nan(String op, int row, int col) {
        return new IllegalArgumentException(op + ": the score at row " + row + ", class " + col + " is NaN; the model"
                + " diverged (try a lower learning rate) or its input has NaN");
    }
}
