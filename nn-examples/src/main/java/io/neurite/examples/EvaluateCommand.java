package io.neurite.examples;

import io.neurite.data.Dataset;
import io.neurite.data.source.FashionMnist;
import io.neurite.data.source.IdxReader;
import io.neurite.io.ModelFile;
import io.neurite.io.SavedModel;
import io.neurite.metrics.ConfusionMatrix;
import io.neurite.tensor.Backend;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code neurite evaluate --model FILE}: the saved model's accuracy on the Fashion-MNIST test set, or on
 * {@code --test-images F --test-labels F}, normalised as the model was trained (the model file holds the
 * normalisation).
 */
@Command(name = "evaluate", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Load a saved model and report its test accuracy and confusion matrix, on the Fashion-MNIST"
                + " test set unless --test-images and --test-labels are given.")
final class EvaluateCommand implements Callable<Integer> {

    @Option(names = "--model", required = true, paramLabel = "FILE", description = "A model file saved with --save.")
    Path model;

    @ArgGroup(exclusive = false)
    TestFiles testFiles;

    static final class TestFiles {
        @Option(names = "--test-images", required = true, paramLabel = "FILE", description = "Test images (IDX).")
        Path images;

        @Option(names = "--test-labels", required = true, paramLabel = "FILE", description = "Test labels (IDX).")
        Path labels;
    }

    @Option(names = "--data", paramLabel = "DIR", description = "Directory holding Fashion-MNIST (default: search).")
    Path data;

    @Mixin
    BackendOption backendOption;

    @Spec
    CommandSpec spec;

    /** The last evaluation (for tests). */
    ConfusionMatrix result;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        Backend backend = backendOption.resolve(spec.commandLine().getErr());
        SavedModel saved = ModelFile.read(model, backend);
        int outputs = saved.model().outputShape().size();
        List<String> names = saved.classNames().isEmpty() ? TestReport.numberedClassNames(outputs) : saved.classNames();
        Dataset test;
        if (testFiles != null) {
            InputFiles.require(testFiles.images, "--test-images");
            InputFiles.require(testFiles.labels, "--test-labels");
            test = IdxReader.readDataset(testFiles.images, testFiles.labels, outputs);
        } else {
            test = FashionMnist.load(data).test(); // null: the standard search
        }
        if (test.numClasses() > outputs) {
            throw new IllegalArgumentException("the model has " + outputs + " outputs but the test labels go up to "
                    + (test.numClasses() - 1) + "; evaluate it on the data set it was trained for");
        }
        out.println("model: " + model + " (" + saved.model().parameterCount() + " parameters"
                + saved.metadata().entrySet().stream().filter(e -> !e.getKey().equals("command"))
                        .map(e -> ", " + e.getKey() + " " + e.getValue()).reduce("", String::concat) + ")");
        if (saved.normalizer().isEmpty()) {
            spec.commandLine().getErr().println("note: the model file holds no normalisation; using the raw values");
        }
        result = TestReport.evaluate(saved.model(), test, saved.normalizer().orElse(null), names);
        TestReport.print(result, out);
        return 0;
    }
}
