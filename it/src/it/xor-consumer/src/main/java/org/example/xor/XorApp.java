package org.example.xor;

import io.neurite.discovery.Backends;
import io.neurite.loss.SoftmaxCrossEntropy;
import io.neurite.nn.Dense;
import io.neurite.nn.Initializer;
import io.neurite.nn.Sequential;
import io.neurite.nn.Tanh;
import io.neurite.optim.Optimizer;
import io.neurite.optim.Optimizers;
import io.neurite.tensor.Backend;
import io.neurite.tensor.Shape;
import io.neurite.tensor.Tensor;

/**
 * A user's program: learns XOR (two classes) with a 2-8-2 tanh MLP on whichever backend is on the class path,
 * then predicts the four points. {@code XorApp backends} prints what discovery found instead.
 */
public final class XorApp {
    static final float[] INPUTS = {0, 0, 0, 1, 1, 0, 1, 1};
    static final int[] LABELS = {0, 1, 1, 0};

    private XorApp() {
    }

    /** What a run gave: the backend's name, the accuracy over the four points, and the predicted classes. */
    public record Result(String backend, double accuracy, int[] predicted) {
    }

    public static Result trainAndPredict() {
        Backend backend = Backends.get();
        Sequential model = Sequential.of(backend, Shape.of(2),
                new Dense(2, 8, Initializer.xavierNormal(5)), new Tanh(),
                new Dense(8, 2, Initializer.xavierNormal(6)));
        SoftmaxCrossEntropy loss = new SoftmaxCrossEntropy();
        Optimizer sgd = Optimizers.sgd(0.5).momentum(0.9);
        Tensor x = backend.of(INPUTS, 4, 2);
        Tensor grad = backend.zeros(4, 2);
        for (int step = 0; step < 300; step++) {
            model.zeroGrad();
            loss.lossAndGradient(model.forward(x, true), LABELS, grad);
            model.backward(grad);
            sgd.step(model.parameters());
        }
        float[] logits = model.predict(x).toFloatArray();
        int[] predicted = new int[4];
        int correct = 0;
        for (int i = 0; i < 4; i++) {
            predicted[i] = logits[2 * i + 1] > logits[2 * i] ? 1 : 0;
            correct += predicted[i] == LABELS[i] ? 1 : 0;
        }
        return new Result(backend.name(), correct / 4.0, predicted);
    }

    public static void main(String[] args) {
        if (args.length > 0 && args[0].equals("backends")) {
            System.out.print(Backends.describe());
            return;
        }
        Result r = trainAndPredict();
        System.out.println("backend " + r.backend() + ": xor predicted " + java.util.Arrays.toString(r.predicted())
                + ", accuracy " + r.accuracy());
        if (r.accuracy() < 1.0) {
            System.exit(1);
        }
    }
}
