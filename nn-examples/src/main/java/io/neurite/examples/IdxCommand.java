package io.neurite.examples;

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

    @Override
    ClassificationData data() throws IOException {
        return ClassificationData.idx(trainImages, trainLabels, testImages, testLabels, classNames);
    }
}
