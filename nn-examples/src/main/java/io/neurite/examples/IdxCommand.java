package io.neurite.examples;

import io.neurite.data.Dataset;
import io.neurite.data.source.IdxReader;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code neurite idx}: the same training on any classification data set stored as IDX files. */
@Command(name = "idx", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Train an MLP on any classification data set in IDX format (MNIST, KMNIST, EMNIST, ...) given"
                + " its four files, gzipped or not. The classes are 0 to the largest training label.")
final class IdxCommand extends TrainingCommand {

    @Option(names = "--train-images", required = true, paramLabel = "FILE", description = "Training images.")
    Path trainImages;

    @Option(names = "--train-labels", required = true, paramLabel = "FILE", description = "Training labels.")
    Path trainLabels;

    @Option(names = "--test-images", required = true, paramLabel = "FILE", description = "Test images.")
    Path testImages;

    @Option(names = "--test-labels", required = true, paramLabel = "FILE", description = "Test labels.")
    Path testLabels;

    @Option(names = "--class-names", split = ",", paramLabel = "NAMES",
            description = "A name per class, comma-separated (default: class 0, class 1, ...).")
    List<String> classNames;

    /**
     * The four files as data sets; the number of classes is the largest training label plus one, and the test
     * labels must fall within it.
     */
    @Override
    MlpTraining.Data data() throws IOException {
        InputFiles.require(trainImages, "--train-images");
        InputFiles.require(trainLabels, "--train-labels");
        InputFiles.require(testImages, "--test-images");
        InputFiles.require(testLabels, "--test-labels");
        Dataset train = IdxReader.readDataset(trainImages, trainLabels);
        if (train.numClasses() < 2) {
            throw new IllegalArgumentException(trainLabels + " holds only label 0; a classifier needs at least two"
                    + " classes");
        }
        Dataset test = IdxReader.readDataset(testImages, testLabels, train.numClasses());
        if (train.numFeatures() != test.numFeatures()) {
            throw new IllegalArgumentException("the training images have " + train.numFeatures() + " values each but"
                    + " the test images " + test.numFeatures() + "; give the test files of the same data set");
        }
        List<String> names = classNames == null || classNames.isEmpty()
                ? TestReport.numberedClassNames(train.numClasses()) : classNames;
        if (names.size() != train.numClasses()) {
            throw new IllegalArgumentException("--class-names gives " + names.size() + " names but the training labels"
                    + " have " + train.numClasses() + " classes (0.." + (train.numClasses() - 1) + ")");
        }
        return new MlpTraining.Data(trainImages.getFileName().toString(), train, test, names,
                trainImages.toAbsolutePath().getParent().toString());
    }
}
