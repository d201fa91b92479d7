package io.neurite.examples;

import io.neurite.data.Batch;
import io.neurite.data.Batches;
import io.neurite.data.Dataset;
import io.neurite.data.Normalizer;
import io.neurite.metrics.ConfusionMatrix;
import io.neurite.nn.Sequential;
import java.io.PrintWriter;
import java.util.ArrayList;
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
        ConfusionMatrix matrix = new ConfusionMatrix(classNames);
        // Normalised as each batch is gathered (a view): no normalised copy of the whole set. The samples as the
        // model takes them ([784] for an MLP, whatever shape the files had): a view too.
        Dataset data = (normalizer == null ? test : normalizer.apply(test)).reshape(model.inputShape());
        Batches batches = Batches.builder(data, model.backend()).batchSize(Math.min(CHUNK, data.size())).build();
        for (Batch batch : batches.epoch(1)) {
            matrix.add(model.predict(batch.features()), batch.labels());
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

    /** The model must take samples of this many values and output one score per class. */
    static void checkCompatible(Sequential model, int features, String what) {
        if (model.inputShape().size() != features) {
            throw new IllegalArgumentException("the model takes inputs of shape " + model.inputShape() + " but the "
                    + what + " has " + features + " values per sample; use a model trained on this kind of data");
        }
    }

    /** {@code class 0, class 1, ...}: the names used when neither the command line nor the model file has any. */
    static List<String> numberedClassNames(int classes) {
        List<String> names = new ArrayList<>();
        for (int c = 0; c < classes; c++) {
            names.add("class " + c);
        }
        return names;
    }
}
