package io.neurite.conformance;

import io.neurite.data.Dataset;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.neurite.loss.BinaryCrossEntropy;
import io.neurite.loss.SoftmaxCrossEntropy;
import io.neurite.nn.Dense;
import io.neurite.nn.Initializer;
import io.neurite.nn.ReLU;
import io.neurite.nn.Sequential;
import io.neurite.nn.Tanh;
import io.neurite.optim.Optimizer;
import io.neurite.optim.Optimizers;
import io.neurite.tensor.Backend;
import io.neurite.tensor.Shape;
import io.neurite.train.Evaluation;
import io.neurite.train.History;
import io.neurite.train.Trainer;
import org.junit.jupiter.api.Test;

/** Small models must actually learn: three spirals and XOR, seeded, through the real training loop. */
public abstract class LearningTests {

    protected abstract Backend backend();

    /** The optimizer the learning tests use: SGD with (heavy-ball) momentum. */
    protected Optimizer sgd(float lr, float momentum) {
        return Optimizers.sgd(lr).momentum(momentum);
    }

    private Sequential spiralModel() {
        return Sequential.of(backend(), Shape.of(2),
                new Dense(2, 64, Initializer.heNormal(1)), new ReLU(),
                new Dense(64, 64, Initializer.heNormal(2)), new ReLU(),
                new Dense(64, 3, Initializer.xavierUniform(3)));
    }

    private Trainer spiralTrainer() {
        return Trainer.builder(new SoftmaxCrossEntropy(), sgd(0.1f, 0.9f))
                .epochs(200).batchSize(32).seed(7).build();
    }

    @Test
    void threeSpiralsReachNinetyFivePercentTrainingAccuracy() {
        Dataset train = ToyData.spirals(3, 100, 42);
        assertEquals(300, train.size());
        Sequential model = spiralModel();
        Trainer trainer = spiralTrainer();
        History history = trainer.fit(model, train);

        Evaluation fitted = trainer.evaluate(model, train);
        assertTrue(fitted.accuracy() >= 0.95, "training accuracy " + fitted.accuracy() + "\n" + history.toCsv());
        double[] loss = history.metric("loss");
        assertTrue(loss[loss.length - 1] < loss[0] / 5, "the loss fell: " + loss[0] + " → " + loss[loss.length - 1]);
        // Points of the same spirals with other noise: the model learned the arms, not the points.
        Evaluation heldOut = trainer.evaluate(model, ToyData.spirals(3, 100, 4242));
        assertTrue(heldOut.accuracy() >= 0.85, "held-out accuracy " + heldOut.accuracy());
    }

    @Test
    void xorReachesOneHundredPercent() {
        Sequential model = Sequential.of(backend(), Shape.of(2),
                new Dense(2, 8, Initializer.xavierNormal(5)), new Tanh(),
                new Dense(8, 1, Initializer.xavierNormal(6)));
        Trainer trainer = Trainer.builder(new BinaryCrossEntropy(), sgd(0.5f, 0.9f))
                .epochs(300).batchSize(4).seed(1).build();
        History history = trainer.fit(model, ToyData.xor());
        Evaluation result = trainer.evaluate(model, ToyData.xor());
        assertEquals(1.0, result.accuracy(), "XOR accuracy\n" + history.toCsv());
        assertTrue(result.loss() < 0.05, "XOR loss " + result.loss());
        float[] logits = model.predict(backend().of(new float[] {0, 0, 0, 1, 1, 0, 1, 1}, 4, 2)).toFloatArray();
        assertTrue(logits[0] < 0 && logits[1] > 0 && logits[2] > 0 && logits[3] < 0, java.util.Arrays.toString(logits));
    }

    @Test
    void oneSeedGivesOneResult() {
        Dataset train = ToyData.spirals(3, 30, 9);
        float[][] weights = new float[2][];
        for (int run = 0; run < 2; run++) {
            Sequential model = spiralModel();
            Trainer.builder(new SoftmaxCrossEntropy(), sgd(0.05f, 0.9f)).epochs(3).batchSize(16).seed(3).build()
                    .fit(model, train);
            weights[run] = model.parameter("2.weight").value().toFloatArray();
        }
        assertArrayEquals(weights[0], weights[1]);
    }
}
