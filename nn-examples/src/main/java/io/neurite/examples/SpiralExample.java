package io.neurite.examples;

import io.neurite.data.Dataset;
import io.neurite.loss.SoftmaxCrossEntropy;
import io.neurite.nn.Dense;
import io.neurite.nn.Initializer;
import io.neurite.nn.ReLU;
import io.neurite.nn.Sequential;
import io.neurite.optim.Optimizers;
import io.neurite.tensor.Backend;
import io.neurite.discovery.Backends;
import io.neurite.tensor.Shape;
import io.neurite.train.Evaluation;
import io.neurite.train.EpochRecord;
import io.neurite.train.History;
import io.neurite.train.Trainer;
import io.neurite.train.TrainingContext;
import io.neurite.train.TrainingListener;
import java.io.PrintStream;

/**
 * Three interleaved spirals (300 points): an MLP 2-64-64-3 with ReLU, softmax cross-entropy and SGD with
 * momentum learns to tell the arms apart. Reports the training accuracy and the accuracy on 300 fresh
 * points of the same spirals (other noise).
 */
public final class SpiralExample {
    private SpiralExample() {
    }

    /** What a run produced. */
    public record Result(double trainAccuracy, double trainLoss, double heldOutAccuracy, History history,
                         double seconds, String backend) {
    }

    /** The settings of a run; {@link #DEFAULT} is the documented one. */
    public record Settings(long seed, int epochs, int batchSize, double learningRate, double momentum) {
        public static final Settings DEFAULT = new Settings(42, 200, 32, 0.1, 0.9);
    }

    /** Trains with {@link Settings#DEFAULT}, printing nothing. */
    public static Result run(Backend backend) {
        return run(backend, Settings.DEFAULT, null);
    }

    /** Trains on {@code backend}; with a non-null {@code out}, prints a line every 20 epochs. */
    public static Result run(Backend backend, Settings settings, PrintStream out) {
        Dataset train = Spirals.generate(3, 100, settings.seed());
        Dataset heldOut = Spirals.generate(3, 100, settings.seed() + 1);
        long s = settings.seed();
        Sequential model = Sequential.of(backend, Shape.of(2),
                new Dense(2, 64, Initializer.heNormal(s + 10)), new ReLU(),
                new Dense(64, 64, Initializer.heNormal(s + 11)), new ReLU(),
                new Dense(64, 3, Initializer.xavierUniform(s + 12)));
        Trainer.Builder builder = Trainer.builder(new SoftmaxCrossEntropy(),
                        Optimizers.sgd(settings.learningRate()).momentum(settings.momentum()))
                .epochs(settings.epochs()).batchSize(settings.batchSize()).seed(s);
        if (out != null) {
            out.print(model.summary());
            builder.listener(new TrainingListener() {
                @Override
                public void onEpochEnd(TrainingContext context, EpochRecord record) {
                    if (record.epoch() == 1 || record.epoch() % 20 == 0) {
                        out.printf("epoch %3d  loss %.4f  accuracy %.3f%n", record.epoch(), record.metric("loss"),
                                record.metric("accuracy"));
                    }
                }
            });
        }
        Trainer trainer = builder.build();
        long start = System.nanoTime();
        History history = trainer.fit(model, train);
        double seconds = (System.nanoTime() - start) / 1e9;
        Evaluation fitted = trainer.evaluate(model, train);
        Evaluation fresh = trainer.evaluate(model, heldOut);
        return new Result(fitted.accuracy(), fitted.loss(), fresh.accuracy(), history, seconds, backend.name());
    }

    public static void main(String[] args) {
        Backend backend = Backends.get();
        System.out.println("spiral: 3 spirals x 100 points on " + backend.describe());
        Result r = run(backend, Settings.DEFAULT, System.out);
        System.out.printf("training accuracy: %.4f (loss %.4f)%n", r.trainAccuracy(), r.trainLoss());
        System.out.printf("held-out accuracy: %.4f (300 fresh points)%n", r.heldOutAccuracy());
        System.out.printf("time: %.2f s%n", r.seconds());
    }
}
