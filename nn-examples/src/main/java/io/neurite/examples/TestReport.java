package io.neurite.examples;

import io.neurite.data.Dataset;
import io.neurite.data.Normalizer;
import io.neurite.metrics.ConfusionMatrix;
import io.neurite.nn.Sequential;
import io.neurite.tensor.Shape;
import io.neurite.tensor.Tensor;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;

/** Evaluates a classifier on a test set and prints the {@code test accuracy:} line and the confusion matrix. */
final class TestReport {
    /** Samples per inference batch. */
    private static final int CHUNK = 1000;

    private TestReport() {
    }

    /** The confusion matrix of {@code model} on {@code test}, normalised with {@code normalizer} if not null. */
    static ConfusionMatrix evaluate(Sequential model, Dataset test, Normalizer normalizer, List<String> classNames) {
        checkCompatible(model, test.numFeatures(), "test set");
        Dataset data = normalizer == null ? test : normalizer.apply(test);
        ConfusionMatrix matrix = new ConfusionMatrix(classNames);
        int features = data.numFeatures();
        for (int from = 0; from < data.size(); from += CHUNK) {
            int count = Math.min(CHUNK, data.size() - from);
            float[] x = new float[count * features];
            int[] labels = new int[count];
            for (int i = 0; i < count; i++) {
                data.copyFeatures(from + i, x, i * features);
                labels[i] = data.label(from + i);
            }
            Tensor scores = model.predict(model.backend().of(x, Shape.of(count, features)));
            matrix.add(scores, labels);
        }
        return matrix;
    }

    static void print(ConfusionMatrix matrix, PrintWriter out) {
        out.printf(Locale.ROOT, "test accuracy: %.4f (%d of %d correct)%n", matrix.accuracy(), matrix.correct(),
                matrix.total());
        out.println();
        out.print(matrix);
        out.flush();
    }

    /** The model must take flat vectors of this many features and output one score per class. */
    static void checkCompatible(Sequential model, int features, String what) {
        if (model.inputShape().size() != features || model.inputShape().rank() != 1) {
            throw new IllegalArgumentException("the model takes inputs of shape " + model.inputShape() + " but the "
                    + what + " has " + features + " values per sample; use a model trained on this kind of data");
        }
    }
}
