package io.neurite.conformance;

import io.neurite.loss.MeanSquaredError;
import io.neurite.nn.Dense;
import io.neurite.nn.Dropout;
import io.neurite.nn.GELU;
import io.neurite.nn.Initializer;
import io.neurite.nn.LeakyReLU;
import io.neurite.nn.ReLU;
import io.neurite.nn.Sequential;
import io.neurite.nn.Sigmoid;
import io.neurite.nn.Softmax;
import io.neurite.nn.Tanh;
import io.neurite.optim.Optimizer;
import io.neurite.tensor.Backend;
import io.neurite.tensor.SeededRandom;
import io.neurite.tensor.Shape;
import io.neurite.tensor.Tensor;

/** Small models with every standard layer type, for the model-file and inference tests. */
final class SampleModels {
    static final int INPUTS = 6;
    static final int OUTPUTS = 3;

    private SampleModels() {
    }

    /** Every standard layer, a nested Sequential, and four initialisers: 6 → 3. */
    static Sequential everyLayer(Backend b) {
        return Sequential.of(b, Shape.of(INPUTS),
                new Dense(INPUTS, 8, 11L), new ReLU(), new Dropout(0.25f, 5),
                Sequential.of(b, Shape.of(8), new Dense(8, 8, Initializer.xavierUniform(12)), new Tanh()),
                new Dense(8, 7, Initializer.heUniform(13)), new LeakyReLU(0.05f), new GELU(),
                new Dense(7, 5, Initializer.xavierNormal(14)), new Sigmoid(),
                new Dense(5, OUTPUTS, 15L), new Softmax());
    }

    /** A plain MLP {@code inputs → hidden → hidden → outputs} with ReLUs. */
    static Sequential mlp(Backend b, int inputs, int hidden, int outputs, long seed) {
        return Sequential.of(b, Shape.of(inputs), new Dense(inputs, hidden, seed), new ReLU(),
                new Dense(hidden, hidden, seed + 1), new ReLU(), new Dense(hidden, outputs, seed + 2));
    }

    /** {@code rows × cols} inputs, uniform in [-1, 1], from {@code seed}. */
    static Tensor inputs(Backend b, int rows, int cols, long seed) {
        return b.of(new SeededRandom(seed).uniform(rows * cols, -1f, 1f), Shape.of(rows, cols));
    }

    /**
     * {@code steps} training steps of {@code model} (mean squared error towards a fixed random target), so that
     * its weights are no longer the initial ones and {@code optimizer} has state.
     */
    static void train(Sequential model, Optimizer optimizer, int steps, long seed) {
        Backend b = model.backend();
        int in = model.inputShape().size();
        int out = model.outputShape().size();
        Tensor x = inputs(b, 16, in, seed);
        Tensor y = b.of(new SeededRandom(seed + 1).uniform(16 * out, 0f, 1f), Shape.of(16, out));
        MeanSquaredError loss = new MeanSquaredError();
        for (int s = 0; s < steps; s++) {
            model.zeroGrad();
            Tensor p = model.forward(x, true);
            Tensor g = p.newLike();
            loss.lossAndGradient(p, y, g);
            model.backward(g);
            optimizer.step(model.parameters());
        }
    }
}
