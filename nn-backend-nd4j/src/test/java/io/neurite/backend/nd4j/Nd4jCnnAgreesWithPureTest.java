package io.neurite.backend.nd4j;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.neurite.backend.pure.PureBackend;
import io.neurite.io.ModelFile;
import io.neurite.loss.SoftmaxCrossEntropy;
import io.neurite.data.OneHot;
import io.neurite.nn.BatchNorm;
import io.neurite.nn.Conv2D;
import io.neurite.nn.Dense;
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
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A CNN on the nd4j backend against the same CNN on the pure backend: the same weights give the same outputs
 * within 1e-5 (training and inference), and a model file written on one loads on the other with the same
 * predictions.
 */
class Nd4jCnnAgreesWithPureTest {
    static final Backend ND4J = Nd4jTestBackends.MAIN;
    static final Backend PURE = new PureBackend(1);

    @TempDir
    Path dir;

    static Sequential cnn(Backend b) {
        return Sequential.of(b, Shape.of(1, 12, 12),
                Conv2D.builder(1, 8, 3).padding(Padding.same()).init(Initializer.heNormal(1)).build(),
                new BatchNorm(8), new ReLU(), new MaxPool2D(2),
                Conv2D.builder(8, 16, 3).stride(2).padding(Padding.explicit(1, 0, 1, 0)).init(Initializer.heNormal(2))
                        .build(),
                new ReLU(), new Flatten(), new Dense(144, 5, Initializer.xavierNormal(3)));
    }

    private static void train(Sequential model, Tensor x, Tensor target) {
        Optimizer adam = Optimizers.adam(1e-2);
        SoftmaxCrossEntropy loss = new SoftmaxCrossEntropy();
        Tensor grad = model.backend().zeros(target.shape());
        for (int step = 0; step < 5; step++) {
            model.zeroGrad();
            loss.lossAndGradient(model.forward(x, true), target, grad);
            model.backward(grad, false);
            adam.step(model.parameters());
        }
    }

    private static void assertClose(float[] expected, float[] actual, String what) {
        assertEquals(expected.length, actual.length, what);
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], actual[i], 1e-5 + 1e-5 * Math.abs(expected[i]), what + " at " + i);
        }
    }

    @Test
    void theSameCnnGivesTheSameOutputsOnBothBackends() {
        Tensor x = PURE.randomNormal(Shape.of(6, 1, 12, 12), 0f, 1f, 4);
        Sequential onPure = cnn(PURE);
        Sequential onNd4j = cnn(ND4J);
        assertClose(onPure.forward(x, true).toFloatArray(), onNd4j.forward(x.to(ND4J), true).toFloatArray(),
                "training forward (batch statistics), nd4j vs pure");
        assertClose(onPure.predict(x).toFloatArray(), onNd4j.predict(x.to(ND4J)).toFloatArray(),
                "inference, nd4j vs pure");
    }

    @Test
    void aCnnTrainedOnPureLoadsOnNd4jAndPredictsTheSame() throws Exception {
        Tensor x = PURE.randomNormal(Shape.of(6, 1, 12, 12), 0f, 1f, 4);
        Sequential model = cnn(PURE);
        // Adam amplifies float rounding differences between backends step by step, so train on one backend
        // and compare what matters: the same weights predict the same everywhere.
        train(model, x, OneHot.of(PURE, new int[] {0, 1, 2, 3, 4, 0}, 5));
        Path file = dir.resolve("cnn.zip");
        ModelFile.save(file, model);
        Sequential onPure = ModelFile.load(file, PURE);
        Sequential onNd4j = ModelFile.load(file, ND4J);
        assertClose(onPure.predict(x).toFloatArray(), onNd4j.predict(x.to(ND4J)).toFloatArray(),
                "a file written on pure, loaded on nd4j vs on pure");
    }
}
