package io.neurite.examples;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.neurite.data.Dataset;
import io.neurite.data.Normalizer;
import io.neurite.data.source.FashionMnist;
import io.neurite.discovery.Backends;
import io.neurite.loss.SoftmaxCrossEntropy;
import io.neurite.nn.Sequential;
import io.neurite.optim.Optimizers;
import io.neurite.tensor.Backend;
import io.neurite.tensor.Shape;
import io.neurite.train.Trainer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The CI learning test of the CNN: one epoch over the first {@value #TRAIN} Fashion-MNIST training images
 * (Adam 1e-3, batches of 32, on the pure backend: the faster one for this network) must reach {@value #REQUIRED} accuracy on the first {@value #TEST} test images,
 * which the {@code --model cnn} network clears and the default MLP trained the same way does not — so the
 * test fails if the convolutions stop learning spatial features, not merely if nothing learns.
 *
 * <p>Data as in {@link FashionMnistLearningTest}: {@code -Dneurite.fashionMnist.dir}, default
 * {@code /usr/share/datasets/fashion-mnist}; a missing data set fails the test, and
 * {@code -Dneurite.skipFashionMnist=true} skips it locally.
 */
class CnnLearningTest {
    static final int TRAIN = 10000;
    static final int TEST = 2000;
    static final double REQUIRED = 0.83; // measured: CNN 0.8395, MLP 0.8110 (seed 1, pure, 2 threads)

    @Test
    void oneEpochOnASubsetSeparatesTheCnnFromTheMlp() throws Exception {
        Assumptions.assumeFalse(Boolean.getBoolean("neurite.skipFashionMnist"),
                "skipped with -Dneurite.skipFashionMnist=true");
        FashionMnist data = FashionMnist.load(dataDirectory());
        Dataset train = data.train().slice(0, TRAIN);
        Normalizer normalizer = Normalizer.standardizeGlobal(train);
        train = normalizer.apply(train);
        Dataset test = data.test().slice(0, TEST);
        Backend backend = Backends.get("pure");

        Sequential cnn = CnnModel.build(backend, Shape.of(1, 28, 28), 10, TrainingOptions.CNN_DROPOUT, 1000);
        double cnnAccuracy = trainOneEpoch(cnn, train, test, normalizer);
        Sequential mlp = new MlpTraining(defaultMlpOptions(), null, false).buildModel(backend, 784, 10);
        double mlpAccuracy = trainOneEpoch(mlp, train.flat(), test, normalizer);
        System.out.printf("one epoch on %d samples (%s): CNN %.4f, MLP %.4f test accuracy%n", TRAIN,
                backend.name(), cnnAccuracy, mlpAccuracy);
        assertTrue(cnnAccuracy >= REQUIRED, "the CNN reached " + cnnAccuracy + " < " + REQUIRED);
        assertTrue(mlpAccuracy < REQUIRED, "the MLP reached " + mlpAccuracy + ": the test no longer tells a CNN"
                + " from an MLP; raise REQUIRED");
    }

    private static double trainOneEpoch(Sequential model, Dataset train, Dataset test, Normalizer normalizer) {
        Trainer.builder(new SoftmaxCrossEntropy(), Optimizers.adam(1e-3)).epochs(1).batchSize(32).seed(1).build()
                .fit(model, train);
        return TestReport.evaluate(model, test, normalizer, FashionMnist.CLASS_NAMES).accuracy();
    }

    private static TrainingOptions defaultMlpOptions() {
        TrainingOptions options = new TrainingOptions();
        options.hidden = List.of(256, 128);
        options.model = "mlp";
        options.seed = 1;
        return options;
    }

    private static Path dataDirectory() {
        Path dir = Path.of(System.getProperty("neurite.fashionMnist.dir", "/usr/share/datasets/fashion-mnist"));
        for (var file : FashionMnist.FILES) {
            if (file.acceptedNames().stream().noneMatch(n -> Files.isRegularFile(dir.resolve(n)))) {
                fail("Fashion-MNIST is not in " + dir + " (" + file.fileName() + " is missing); install it with"
                        + " 'apt-get install -y dataset-fashion-mnist', or set -Dneurite.fashionMnist.dir=DIR, or"
                        + " skip locally with -Dneurite.skipFashionMnist=true.");
            }
        }
        return dir;
    }
}
