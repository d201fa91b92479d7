package io.neurite.examples;

import io.neurite.data.Dataset;
import io.neurite.loss.BinaryCrossEntropy;
import io.neurite.nn.Dense;
import io.neurite.nn.Initializer;
import io.neurite.nn.Sequential;
import io.neurite.nn.Tanh;
import io.neurite.optim.Optimizers;
import io.neurite.tensor.Backend;
import io.neurite.discovery.Backends;
import io.neurite.tensor.Shape;
import io.neurite.tensor.Tensor;
import io.neurite.train.Evaluation;
import io.neurite.train.History;
import io.neurite.train.Trainer;

/**
 * XOR, the smallest problem a linear model cannot solve: a 2-8-1 MLP with tanh, trained on the four points
 * with binary cross-entropy from logits and SGD with momentum.
 */
public final class XorExample {
    private XorExample() {
    }

    /** The four inputs, row-major {@code [4, 2]}. */
    static final float[] INPUTS = {0, 0, 0, 1, 1, 0, 1, 1};
    static final float[] TARGETS = {0, 1, 1, 0};

    /** What a run produced: accuracy over the four points, final loss, and each point's probability of 1. */
    public record Result(double accuracy, double loss, float[] probabilities, History history, String backend) {
    }

    /** Trains with seed 1 for 300 epochs. */
    public static Result run(Backend backend) {
        return run(backend, 1, 300);
    }

    public static Result run(Backend backend, long seed, int epochs) {
        Dataset xor = Dataset.of(INPUTS, Shape.of(2), TARGETS, Shape.of(1));
        Sequential model = Sequential.of(backend, Shape.of(2),
                new Dense(2, 8, Initializer.xavierNormal(seed + 4)), new Tanh(),
                new Dense(8, 1, Initializer.xavierNormal(seed + 5)));
        Trainer trainer = Trainer.builder(new BinaryCrossEntropy(), Optimizers.sgd(0.5).momentum(0.9))
                .epochs(epochs).batchSize(4).seed(seed).build();
        History history = trainer.fit(model, xor);
        Evaluation result = trainer.evaluate(model, xor);
        Tensor logits = model.predict(backend.of(INPUTS, 4, 2));
        float[] p = logits.sigmoid().toFloatArray();
        return new Result(result.accuracy(), result.loss(), p, history, backend.name());
    }

    public static void main(String[] args) {
        Backend backend = Backends.get();
        System.out.println("xor: 2-8-1 MLP with tanh on " + backend.describe());
        Result r = run(backend);
        for (int i = 0; i < 4; i++) {
            System.out.printf("  %.0f xor %.0f = %.0f   predicted P(1) = %.3f%n", INPUTS[2 * i], INPUTS[2 * i + 1],
                    TARGETS[i], r.probabilities()[i]);
        }
        System.out.printf("accuracy: %.2f (loss %.4f after %d epochs)%n", r.accuracy(), r.loss(),
                r.history().epochs().size());
    }
}
