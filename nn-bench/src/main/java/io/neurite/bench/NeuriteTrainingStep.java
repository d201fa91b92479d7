package io.neurite.bench;

import io.neurite.loss.SoftmaxCrossEntropy;
import io.neurite.nn.Dense;
import io.neurite.nn.Initializer;
import io.neurite.nn.ReLU;
import io.neurite.nn.Sequential;
import io.neurite.optim.Optimizer;
import io.neurite.optim.Optimizers;
import io.neurite.tensor.Backend;
import io.neurite.tensor.Shape;
import io.neurite.tensor.Tensor;

/**
 * {@link TrainingStep} on a Neurite backend: the same calls as {@code io.neurite.train.Trainer}'s inner
 * loop (zero gradients, forward, softmax cross-entropy, backward without the input gradient, Adam), on a
 * batch that is copied to the backend once.
 */
final class NeuriteTrainingStep implements TrainingStep {
    private final Sequential model;
    private final SoftmaxCrossEntropy loss = new SoftmaxCrossEntropy();
    private final Optimizer optimizer = Optimizers.adam(LEARNING_RATE);
    private final Tensor features;
    private final Tensor labels;
    private final Tensor gradient;

    NeuriteTrainingStep(Backend backend, int batch) {
        model = Sequential.of(backend, Shape.of(INPUTS),
                new Dense(INPUTS, HIDDEN1, Initializer.heNormal(1)), new ReLU(),
                new Dense(HIDDEN1, HIDDEN2, Initializer.heNormal(2)), new ReLU(),
                new Dense(HIDDEN2, CLASSES, Initializer.xavierUniform(3)));
        features = backend.of(BenchData.pixels(batch * INPUTS, 3), batch, INPUTS);
        labels = backend.of(BenchData.oneHot(batch, CLASSES, 4), batch, CLASSES);
        gradient = backend.zeros(batch, CLASSES);
    }

    @Override
    public double step() {
        model.zeroGrad();
        Tensor logits = model.forward(features, true);
        float value = loss.lossAndGradient(logits, labels, gradient);
        model.backward(gradient, false);
        optimizer.step(model.parameters());
        return value;
    }
}
