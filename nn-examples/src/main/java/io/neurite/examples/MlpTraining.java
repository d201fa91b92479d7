package io.neurite.examples;

import io.neurite.data.Dataset;
import io.neurite.data.ImageAugmentation;
import io.neurite.data.Normalizer;
import io.neurite.io.AtomicFile;
import io.neurite.io.ModelFile;
import io.neurite.loss.SoftmaxCrossEntropy;
import io.neurite.metrics.ConfusionMatrix;
import io.neurite.nn.Dense;
import io.neurite.nn.Dropout;
import io.neurite.nn.Initializer;
import io.neurite.nn.Layer;
import io.neurite.nn.ReLU;
import io.neurite.nn.Sequential;
import io.neurite.optim.Optimizer;
import io.neurite.optim.schedule.LearningRateSchedule;
import io.neurite.optim.schedule.Schedules;
import io.neurite.tensor.Backend;
import io.neurite.tensor.Shape;
import io.neurite.train.History;
import io.neurite.train.Trainer;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What {@code fashion-mnist} and {@code idx} do: split off validation data, normalise (global mean and
 * standard deviation of the training part), train an MLP (or, with {@code --model cnn}, the {@link CnnModel})
 * with softmax cross-entropy, report every epoch,
 * evaluate once on the test set, and optionally save the model, a chart and the history.
 */
final class MlpTraining {
    private final TrainingOptions options;
    private final PrintWriter out;
    private final boolean progressBar;

    /** The outcome, for callers and tests. */
    record Result(Sequential model, History history, ConfusionMatrix test, Normalizer normalizer, double seconds) {
    }

    /**
     * What to train and test on.
     *
     * @param name       for messages and charts, e.g. {@code Fashion-MNIST}
     * @param train      the whole training set (the validation split is taken from it here)
     * @param test       the test set, used once at the end
     * @param classNames one per class
     * @param source     where the files were found
     */
    record Data(String name, Dataset train, Dataset test, List<String> classNames, String source) {
    }

    MlpTraining(TrainingOptions options, PrintWriter out, boolean progressBar) {
        this.options = options;
        this.out = out;
        this.progressBar = progressBar;
    }

    Result run(Backend backend, Data data, String commandLine) throws IOException {
        long start = System.nanoTime();
        // --validation 0 trains on the whole training set (a final run, once the settings are chosen).
        Dataset.Split split = options.validation() > 0 ? data.train().split(options.validation(), options.seed) : null;
        Dataset trainPart = split != null ? split.train() : data.train();
        // Fitted on the training part only: no statistic of the validation or test data leaks into training.
        Normalizer normalizer = Normalizer.standardizeGlobal(trainPart);
        // An MLP takes each sample as a flat vector ([784] for a [1, 28, 28] image), a CNN as an image
        // [channels, height, width]: views, no copy.
        Shape sampleShape = options.cnn() ? CnnModel.imageShape(trainPart.sampleShape())
                : Shape.of(trainPart.numFeatures());
        Dataset train = normalizer.apply(trainPart).reshape(sampleShape);
        Dataset validation = split != null ? normalizer.apply(split.validation()).reshape(sampleShape) : null;
        int validationSize = validation != null ? validation.size() : 0;
        out.printf(Locale.ROOT, "data: %s from %s: %d training, %d validation, %d test samples of %d features, %d"
                        + " classes%n", data.name(), data.source(), train.size(), validationSize, data.test().size(),
                train.numFeatures(), train.numClasses());

        Sequential model = options.cnn()
                ? CnnModel.build(backend, sampleShape, train.numClasses(), options.dropout(), options.seed * 1000)
                : buildModel(backend, train.numFeatures(), train.numClasses());
        out.print(model.summary());

        int batchesPerEpoch = (train.size() + options.batchSize() - 1) / options.batchSize();
        long totalSteps = (long) batchesPerEpoch * options.epochs();
        LearningRateSchedule schedule = schedule(options.learningRate(), totalSteps);
        Optimizer optimizer = options.optimizerChoice().create(schedule, options.weightDecay());
        // What a shift uncovers is background: a 0 pixel, as the normalizer maps it.
        float[] background = new float[train.numFeatures()];
        normalizer.applyInPlace(background, 0);
        ImageAugmentation augmentation = options.augmentation(background[0]);
        String extras = (augmentation == null ? "" : ", augmented: " + augmentation.describe())
                + (options.labelSmoothing > 0 ? ", label smoothing " + options.labelSmoothing : "");
        out.printf(Locale.ROOT, "training: %s, %d epochs of %d batches of %d, seed %d%s%n", optimizer,
                options.epochs(), batchesPerEpoch, options.batchSize(), options.seed, extras);
        out.flush();

        Map<String, String> settings = CheckpointedRun.settings(data.name(), train.size(), validationSize, model,
                optimizer, options.seed, options.batchSize());
        if (augmentation != null) {
            settings.put("augmentation", augmentation.toString());
        }
        if (options.labelSmoothing > 0) {
            settings.put("labelSmoothing", Float.toString(options.labelSmoothing));
        }
        int startEpoch = 1;
        if (options.resume != null) {
            CheckpointedRun.Resumed resumed = CheckpointedRun.resume(options.resume, backend, settings, normalizer,
                    options.epochs());
            model = resumed.model();
            optimizer = resumed.optimizer();
            startEpoch = resumed.position().nextEpoch();
            out.printf(Locale.ROOT, "resuming from %s: epoch %d of %d%n", options.resume, startEpoch, options.epochs());
        }
        Trainer.Builder trainer = Trainer.builder(SoftmaxCrossEntropy.withLabelSmoothing(options.labelSmoothing), optimizer).epochs(options.epochs())
                .startEpoch(startEpoch).batchSize(options.batchSize()).seed(options.seed);
        if (validation != null) {
            trainer.validation(validation);
        }
        if (augmentation != null) {
            trainer.augment(augmentation);
        }
        if (options.checkpoint != null) {
            createParent(options.checkpoint);
            trainer.listener(CheckpointedRun.checkpoint(options.checkpoint, settings, normalizer, data.classNames(),
                    commandLine));
        }
        if (progressBar) {
            // Only ever on a terminal: straight to the process's stderr, where the terminal is. Registered first,
            // so that at the end of an epoch the bar is cleared before the epoch's line is printed.
            trainer.listener(new ProgressBarListener(System.err));
        }
        trainer.listener(new EpochReporter(out));
        History history = trainer.build().fit(model, train);
        double trainSeconds = history.epochs().stream().mapToDouble(e -> e.seconds()).sum();

        ConfusionMatrix test = TestReport.evaluate(model, data.test(), normalizer, data.classNames());
        double seconds = (System.nanoTime() - start) / 1e9;
        out.println();
        TestReport.print(test, out);
        out.printf(Locale.ROOT, "%ntime: %.1f s in total, %.1f s training (%s)%n", seconds, trainSeconds,
                backend.name());

        if (options.save != null) {
            createParent(options.save);
            ModelFile.writer(model).optimizer(optimizer).normalizer(normalizer).classNames(data.classNames())
                    .metadata("dataset", data.name())
                    .metadata("testAccuracy", String.format(Locale.ROOT, "%.4f", test.accuracy()))
                    .metadata("epochs", Integer.toString(history.last().epoch()))
                    .metadata("backend", backend.name())
                    .metadata("command", commandLine)
                    .save(options.save);
            out.println("saved the model to " + options.save);
        }
        if (options.plot != null) {
            TrainingChart.write(history, String.format(Locale.ROOT, "%s, test accuracy %.4f", data.name(),
                    test.accuracy()), options.plot);
            out.println("wrote the chart to " + options.plot);
        }
        if (options.history != null) {
            createParent(options.history);
            String text = options.history.toString().toLowerCase(Locale.ROOT).endsWith(".json") ? history.toJson()
                    : history.toCsv();
            AtomicFile.writeString(options.history, text); // whole or not at all, as every file we write
            out.println("wrote the history to " + options.history);
        }
        out.flush();
        return new Result(model, history, test, normalizer, seconds);
    }

    /** {@code in → hidden... → classes}: Dense + ReLU (+ Dropout) per hidden layer, He initialisation. */
    Sequential buildModel(Backend backend, int inputs, int classes) {
        List<Layer> layers = new ArrayList<>();
        int width = inputs;
        long seed = options.seed * 1000;
        for (int h : options.hidden) {
            layers.add(new Dense(width, h, Initializer.heNormal(seed++)));
            layers.add(new ReLU());
            if (options.dropout() > 0) {
                layers.add(new Dropout(options.dropout(), seed++));
            }
            width = h;
        }
        layers.add(new Dense(width, classes, Initializer.xavierUniform(seed)));
        return new Sequential(backend, Shape.of(inputs), layers);
    }

    private LearningRateSchedule schedule(double lr, long totalSteps) {
        return switch (options.schedule.toLowerCase(Locale.ROOT)) {
            case "constant" -> Schedules.constant(lr);
            case "step" -> Schedules.stepDecay(lr, Math.max(1, totalSteps / 3), 0.3);
            default -> Schedules.cosineDecay(lr, totalSteps);
        };
    }

    private static void createParent(Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
    }
}
