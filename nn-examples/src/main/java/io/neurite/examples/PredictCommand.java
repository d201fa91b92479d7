package io.neurite.examples;

import io.neurite.data.source.IdxData;
import io.neurite.data.source.IdxReader;
import io.neurite.data.Normalizer;
import io.neurite.io.ModelFile;
import io.neurite.io.SavedModel;
import io.neurite.nn.Sequential;
import io.neurite.tensor.Backend;
import io.neurite.tensor.Shape;
import io.neurite.tensor.Tensor;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code neurite predict --model FILE --images F}: the predicted class of every image in an IDX images file,
 * one tab-separated line each: index, class number, class name, probability.
 */
@Command(name = "predict", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Print the predicted class of each image in an IDX images file: index, class, class name and"
                + " probability, tab-separated.")
final class PredictCommand implements Callable<Integer> {
    private static final int CHUNK = 1000;

    @Option(names = "--model", required = true, paramLabel = "FILE", description = "A model file saved with --save.")
    Path model;

    @Option(names = "--images", required = true, paramLabel = "FILE", description = "Images (IDX, gzipped or not).")
    Path images;

    @Option(names = "--limit", paramLabel = "N", description = "Only the first N images.")
    Integer limit;

    @Mixin
    BackendOption backendOption;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        if (limit != null && limit < 1) {
            throw new ParameterException(spec.commandLine(), "--limit must be at least 1 but was " + limit);
        }
        PrintWriter out = spec.commandLine().getOut();
        Backend backend = backendOption.resolve(spec.commandLine().getErr());
        SavedModel saved = ModelFile.read(model, backend);
        InputFiles.require(images, "--images");
        IdxData idx = IdxReader.readImages(images);
        Sequential net = saved.model();
        TestReport.checkCompatible(net, idx.itemSize(), "images file");
        List<String> names = saved.classNames().isEmpty()
                ? TestReport.numberedClassNames(net.outputShape().size()) : saved.classNames();
        Normalizer normalizer = saved.normalizer().orElse(null);

        float[][] rows = idx.toFloatRows();
        int n = limit == null ? rows.length : Math.min(limit, rows.length);
        int features = idx.itemSize();
        out.println("image\tclass\tname\tprobability");
        for (int from = 0; from < n; from += CHUNK) {
            int count = Math.min(CHUNK, n - from);
            float[] x = new float[count * features];
            for (int i = 0; i < count; i++) {
                System.arraycopy(rows[from + i], 0, x, i * features, features);
                if (normalizer != null) {
                    normalizer.applyInPlace(x, i * features);
                }
            }
            Tensor probabilities = net.predict(backend.of(x, Shape.of(count, features))).softmaxRows();
            int[] classes = probabilities.argmaxRows();
            float[] p = probabilities.toFloatArray();
            int k = probabilities.shape().dim(1);
            for (int i = 0; i < count; i++) {
                out.printf(Locale.ROOT, "%d\t%d\t%s\t%.4f%n", from + i, classes[i], names.get(classes[i]),
                        p[i * k + classes[i]]);
            }
        }
        out.flush();
        return 0;
    }
}
