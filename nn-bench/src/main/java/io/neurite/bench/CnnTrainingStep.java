package io.neurite.bench;

import io.neurite.loss.SoftmaxCrossEntropy;
import io.neurite.nn.BatchNorm;
import io.neurite.nn.Conv2D;
import io.neurite.nn.Dense;
import io.neurite.nn.Dropout;
import io.neurite.nn.Flatten;
import io.neurite.nn.Initializer;
import io.neurite.nn.MaxPool2D;
import io.neurite.nn.Padding;
import io.neurite.nn.ReLU;
import io.neurite.nn.Sequential;
import io.neurite.optim.Optimizer;
import io.neurite.optim.Optimizers;
import io.neurite.tensor.Backend;
import io.neurite.tensor.Shape;
import io.neurite.tensor.Tensor;

/**
 * One training step of the Fashion-MNIST CNN of {@code neurite fashion-mnist --model cnn} — Conv(1→32, 3x3,
 * same) BN ReLU MaxPool(2) → Conv(32→64, 3x3, same) BN ReLU MaxPool(2) → Flatten → Dense(3136→128) ReLU
 * Dropout(0.3) → Dense(128→10), softmax cross-entropy, Adam 1e-3 — on one fixed {@code [batch, 1, 28, 28]}
 * batch, with the calls of {@code Trainer}'s inner loop. {@code nn-bench/pytorch/cnn_step.py} times the same
 * network in PyTorch.
 */
final class CnnTrainingStep {
    private final Sequential model;
    private final SoftmaxCrossEntropy loss = new SoftmaxCrossEntropy();
    private final Optimizer optimizer = Optimizers.adam(TrainingStep.LEARNING_RATE);
    private final Tensor features;
    private final Tensor labels;
    private final Tensor gradient;

    CnnTrainingStep(Backend backend, int batch) {
        model = model(backend);
        features = backend.of(BenchData.pixels(batch * 784, 3), batch, 1, 28, 28);
        labels = backend.of(BenchData.oneHot(batch, 10, 4), batch, 10);
        gradient = backend.zeros(batch, 10);
    }

    static Sequential model(Backend backend) {
        return Sequential.of(backend, Shape.of(1, 28, 28),
                Conv2D.builder(1, 32, 3).padding(Padding.same()).init(Initializer.heNormal(1)).build(),
                new BatchNorm(32), new ReLU(), new MaxPool2D(2),
                Conv2D.builder(32, 64, 3).padding(Padding.same()).init(Initializer.heNormal(2)).build(),
                new BatchNorm(64), new ReLU(), new MaxPool2D(2), new Flatten(),
                new Dense(3136, 128, Initializer.heNormal(3)), new ReLU(), new Dropout(0.3f, 4),
                new Dense(128, 10, Initializer.xavierNormal(5)));
    }

    /** Runs one step and returns its loss. */
    double step() {
        model.zeroGrad();
        Tensor logits = model.forward(features, true);
        float value = loss.lossAndGradient(logits, labels, gradient);
        model.backward(gradient, false);
        optimizer.step(model.parameters());
        return value;
    }
}
