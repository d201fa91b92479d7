package io.neurite.conformance;

import io.neurite.data.OneHot;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.neurite.check.GradientCheck;
import io.neurite.loss.BinaryCrossEntropy;
import io.neurite.loss.Loss;
import io.neurite.loss.MeanSquaredError;
import io.neurite.loss.SoftmaxCrossEntropy;
import io.neurite.nn.Dense;
import io.neurite.nn.Dropout;
import io.neurite.nn.ElementwiseActivation;
import io.neurite.nn.GELU;
import io.neurite.nn.Initializer;
import io.neurite.nn.Layer;
import io.neurite.nn.LeakyReLU;
import io.neurite.nn.ReLU;
import io.neurite.nn.Sequential;
import io.neurite.nn.Sigmoid;
import io.neurite.nn.Softmax;
import io.neurite.nn.Tanh;
import io.neurite.tensor.Backend;
import io.neurite.tensor.SeededRandom;
import io.neurite.tensor.Shape;
import io.neurite.tensor.Tensor;
import org.junit.jupiter.api.Test;

/**
 * Central-difference gradient checks for every layer and loss, and for whole models, on a backend. Two
 * deliberately wrong gradients prove the check can fail.
 */
public abstract class GradientCheckTests {

    protected abstract Backend backend();

    private Tensor normal(int rows, int cols, long seed) {
        return backend().randomNormal(Shape.of(rows, cols), 0f, 1f, seed);
    }

    /** Normal values pushed at least 0.2 away from 0, so that ReLU's kink is never within ε. */
    private Tensor awayFromZero(int rows, int cols, long seed) {
        float[] v = new SeededRandom(seed).normal(rows * cols, 0f, 1f);
        for (int i = 0; i < v.length; i++) {
            v[i] = v[i] >= 0 ? v[i] + 0.2f : v[i] - 0.2f;
        }
        return backend().of(v, rows, cols);
    }

    private static void assertPasses(GradientCheck.Result result) {
        assertTrue(result.passed(), result::toString);
    }

    private <L extends Layer> L built(L layer, int inputs) {
        layer.build(backend(), Shape.of(inputs));
        return layer;
    }

    @Test
    void dense() {
        Dense dense = built(new Dense(5, 4, Initializer.xavierUniform(3)), 5);
        assertPasses(GradientCheck.layer(dense, normal(3, 5, 1)));
    }

    @Test
    void denseOddSizesAndNonZeroBias() {
        Dense dense = built(new Dense(17, 3, Initializer.heNormal(4)), 17);
        dense.bias().value().copyFrom(new float[] {0.5f, -1f, 2f});
        assertPasses(GradientCheck.layer(dense, normal(7, 17, 2)));
    }

    @Test
    void relu() {
        assertPasses(GradientCheck.layer(new ReLU(), awayFromZero(4, 9, 5)));
    }

    @Test
    void leakyRelu() {
        assertPasses(GradientCheck.layer(new LeakyReLU(0.1f), awayFromZero(4, 9, 6)));
    }

    @Test
    void sigmoid() {
        assertPasses(GradientCheck.layer(new Sigmoid(), normal(4, 9, 7).scaleInPlace(2f)));
    }

    @Test
    void tanh() {
        assertPasses(GradientCheck.layer(new Tanh(), normal(4, 9, 8)));
    }

    @Test
    void gelu() {
        assertPasses(GradientCheck.layer(new GELU(), normal(4, 9, 9).scaleInPlace(2f)));
    }

    @Test
    void softmax() {
        assertPasses(GradientCheck.layer(new Softmax(), normal(5, 6, 10).scaleInPlace(2f)));
    }

    @Test
    void dropoutWithAHeldMask() {
        Dropout dropout = new Dropout(0.4f, 11);
        dropout.holdMask(true);
        assertPasses(GradientCheck.layer(dropout, normal(4, 10, 12)));
    }

    @Test
    void softmaxCrossEntropyWithOneHotTargets() {
        Tensor target = OneHot.of(backend(), new int[] {0, 3, 2, 3, 1}, 4);
        assertPasses(GradientCheck.loss(new SoftmaxCrossEntropy(), normal(5, 4, 13).scaleInPlace(3f), target));
    }

    @Test
    void softmaxCrossEntropyWithSoftTargets() {
        Tensor target = normal(5, 4, 14).softmaxRows();
        assertPasses(GradientCheck.loss(new SoftmaxCrossEntropy(), normal(5, 4, 15), target));
    }

    @Test
    void meanSquaredError() {
        assertPasses(GradientCheck.loss(new MeanSquaredError(), normal(6, 3, 16), normal(6, 3, 17)));
    }

    @Test
    void binaryCrossEntropy() {
        Tensor target = backend().of(new float[] {0, 1, 1, 0, 0.3f, 1, 0, 1, 0.8f, 0, 1, 0}, 4, 3);
        assertPasses(GradientCheck.loss(new BinaryCrossEntropy(), normal(4, 3, 18).scaleInPlace(3f), target));
    }

    @Test
    void binaryCrossEntropyWithLargeLogits() {
        Tensor logits = backend().of(new float[] {-30, -12, 15, 40, 0.5f, -0.5f}, 3, 2);
        Tensor target = backend().of(new float[] {1, 0, 0, 1, 1, 0}, 3, 2);
        assertPasses(GradientCheck.loss(new BinaryCrossEntropy(), logits, target));
    }

    @Test
    void wholeModelWithSmoothActivations() {
        Sequential model = Sequential.of(backend(), Shape.of(4),
                new Dense(4, 8, Initializer.xavierNormal(20)), new Tanh(),
                new Dense(8, 6, Initializer.heUniform(21)), new GELU(),
                new Dense(6, 3, Initializer.xavierUniform(22)));
        Tensor target = OneHot.of(backend(), new int[] {2, 0, 1, 1, 2}, 3);
        assertPasses(GradientCheck.model(model, new SoftmaxCrossEntropy(), normal(5, 4, 23), target));
    }

    @Test
    void wholeModelWithSigmoidSoftmaxDropoutAndMse() {
        Dropout dropout = new Dropout(0.25f, 30);
        dropout.holdMask(true);
        Sequential model = Sequential.of(backend(), Shape.of(3),
                new Dense(3, 10, Initializer.xavierNormal(31)), new Sigmoid(), dropout,
                new Dense(10, 4, Initializer.xavierNormal(32)), new Softmax());
        Tensor target = normal(6, 4, 33).softmaxRows();
        assertPasses(GradientCheck.model(model, new MeanSquaredError(), normal(6, 3, 34), target));
    }

    @Test
    void wholeModelWithBinaryCrossEntropy() {
        Sequential model = Sequential.of(backend(), Shape.of(2),
                new Dense(2, 6, Initializer.xavierNormal(40)), new Tanh(),
                new Dense(6, 1, Initializer.xavierNormal(41)));
        Tensor target = backend().of(new float[] {0, 1, 1, 0}, 4, 1);
        assertPasses(GradientCheck.model(model, new BinaryCrossEntropy(), normal(4, 2, 42), target));
    }

    /** A tanh whose backward is 3% too large: the check must catch it. */
    private static final class SlightlyWrongTanh extends ElementwiseActivation {
        @Override
        protected Tensor apply(Tensor x, Tensor dest) {
            return x.tanh(dest);
        }

        @Override
        protected Tensor applyBackward(Tensor x, Tensor gradOutput, Tensor dest) {
            return x.tanhBackward(gradOutput, dest).scaleInPlace(1.03f);
        }

        @Override
        public String toString() {
            return "SlightlyWrongTanh";
        }
    }

    @Test
    void aWrongLayerGradientFails() {
        GradientCheck.Result result = GradientCheck.layer(new SlightlyWrongTanh(), normal(4, 9, 50));
        assertFalse(result.passed(), result::toString);
        assertTrue(result.toString().contains("FAILED") && result.toString().contains("input["), result::toString);
    }

    /** Forgets to divide the gradient by the batch size: a classic bug the check must catch. */
    private static final class SumNotMeanGradient implements Loss {
        private final MeanSquaredError mse = new MeanSquaredError();

        @Override
        public float lossAndGradient(Tensor prediction, Tensor target, Tensor gradient) {
            float value = mse.lossAndGradient(prediction, target, gradient);
            gradient.scaleInPlace(prediction.shape().dim(0));
            return value;
        }

        @Override
        public float loss(Tensor prediction, Tensor target) {
            return mse.loss(prediction, target);
        }

        @Override
        public String toString() {
            return "SumNotMeanGradient";
        }
    }

    @Test
    void aWrongLossGradientFails() {
        GradientCheck.Result result = GradientCheck.loss(new SumNotMeanGradient(), normal(4, 2, 51), normal(4, 2, 52));
        assertFalse(result.passed(), result::toString);
    }
}
