package io.neurite.examples;

import io.neurite.data.Dataset;
import io.neurite.data.source.FashionMnist;
import io.neurite.data.source.IdxReader;
import io.neurite.tensor.Shape;
import io.neurite.train.Samples;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A labelled training set and test set with their class names, from Fashion-MNIST or any four IDX files, and
 * the conversions the training loop needs.
 *
 * @param name       for messages and charts, e.g. {@code Fashion-MNIST}
 * @param train      the whole training set (the validation split is taken from it later)
 * @param test       the test set, used once at the end
 * @param classNames one per class
 * @param source     where the files were found
 */
record ClassificationData(String name, Dataset train, Dataset test, List<String> classNames, String source) {

    /** Fashion-MNIST from {@code dir}, or found by the standard search (see {@link FashionMnist#load()}). */
    static ClassificationData fashionMnist(Path dir) throws IOException {
        FashionMnist data = dir == null ? FashionMnist.load() : FashionMnist.load(dir);
        return new ClassificationData("Fashion-MNIST", data.train(), data.test(), data.classNames(),
                data.source().directory() + " (" + data.source().origin() + ")");
    }

    /** The Fashion-MNIST test set alone. */
    static Dataset fashionMnistTest(Path dir) throws IOException {
        return fashionMnist(dir).test();
    }

    /**
     * Any classification data set as IDX files; the number of classes is the largest training label plus one,
     * and the test labels must fall within it.
     */
    static ClassificationData idx(Path trainImages, Path trainLabels, Path testImages, Path testLabels,
                                  List<String> classNames) throws IOException {
        requireFile(trainImages, "--train-images");
        requireFile(trainLabels, "--train-labels");
        requireFile(testImages, "--test-images");
        requireFile(testLabels, "--test-labels");
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
        List<String> names = classNames == null || classNames.isEmpty() ? numbered(train.numClasses()) : classNames;
        if (names.size() != train.numClasses()) {
            throw new IllegalArgumentException("--class-names gives " + names.size() + " names but the training labels"
                    + " have " + train.numClasses() + " classes (0.." + (train.numClasses() - 1) + ")");
        }
        return new ClassificationData(trainImages.getFileName().toString(), train, test, names,
                trainImages.toAbsolutePath().getParent().toString());
    }

    /** Fails with a clear message when a file given on the command line is not there. */
    static void requireFile(Path file, String option) throws IOException {
        if (!Files.exists(file)) {
            throw new java.io.FileNotFoundException(option + " " + file + ": no such file (the working directory is "
                    + Path.of("").toAbsolutePath() + ")");
        }
        if (Files.isDirectory(file)) {
            throw new IOException(option + " " + file + " is a directory; give the file itself");
        }
    }

    static List<String> numbered(int classes) {
        List<String> names = new ArrayList<>();
        for (int c = 0; c < classes; c++) {
            names.add("class " + c);
        }
        return names;
    }

    /** Training samples for the {@code Trainer}: the features flattened, one-hot targets. */
    static Samples samples(Dataset data) {
        float[] features = new float[data.size() * data.numFeatures()];
        for (int i = 0; i < data.size(); i++) {
            data.copyFeatures(i, features, i * data.numFeatures());
        }
        return Samples.classification(features, Shape.of(data.numFeatures()), data.labels(), data.numClasses());
    }
}
