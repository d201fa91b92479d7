package io.neurite.conformance;

import io.neurite.data.OneHot;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.neurite.loss.BinaryCrossEntropy;
import io.neurite.loss.MeanSquaredError;
import io.neurite.loss.SoftmaxCrossEntropy;
import io.neurite.tensor.Backend;
import io.neurite.tensor.Shape;
import io.neurite.tensor.Tensor;
import org.junit.jupiter.api.Test;

/** Loss values and gradients against double-precision references, stability at extreme logits, errors. */
public abstract class LossesTests {

    protected abstract Backend backend();

    private Tensor normal(int rows, int cols, long seed) {
        return backend().randomNormal(Shape.of(rows, cols), 0f, 1f, seed);
    }

    private static void assertClose(double[] expected, float[] actual, double tol, String what) {
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], actual[i], tol * Math.max(1, Math.abs(expected[i])), what + "[" + i + "]");
        }
    }

    @Test
    void softmaxCrossEntropyMatchesTheReference() {
        int rows = 5, classes = 7;
        Tensor logits = normal(rows, classes, 1).scaleInPlace(4f);
        int[] labels = {0, 6, 3, 3, 1};
        float[] x = logits.toFloatArray();
        double expectedLoss = 0;
        double[] expectedGrad = new double[rows * classes];
        for (int r = 0; r < rows; r++) {
            double max = Double.NEGATIVE_INFINITY, sum = 0;
            for (int j = 0; j < classes; j++) {
                max = Math.max(max, x[r * classes + j]);
            }
            for (int j = 0; j < classes; j++) {
                sum += Math.exp(x[r * classes + j] - max);
            }
            expectedLoss -= (x[r * classes + labels[r]] - max - Math.log(sum)) / rows;
            for (int j = 0; j < classes; j++) {
                double p = Math.exp(x[r * classes + j] - max) / sum;
                expectedGrad[r * classes + j] = (p - (j == labels[r] ? 1 : 0)) / rows;
            }
        }
        SoftmaxCrossEntropy loss = new SoftmaxCrossEntropy();
        Tensor grad = logits.newLike();
        assertEquals(expectedLoss, loss.lossAndGradient(logits, labels, grad), 1e-5 * expectedLoss);
        assertClose(expectedGrad, grad.toFloatArray(), 1e-5, "grad from labels");

        Tensor oneHot = OneHot.of(backend(), labels, classes);
        Tensor grad2 = logits.newLike();
        assertEquals(expectedLoss, loss.lossAndGradient(logits, oneHot, grad2), 1e-5 * expectedLoss);
        assertClose(expectedGrad, grad2.toFloatArray(), 1e-5, "grad from one-hot");
        assertEquals(expectedLoss, loss.loss(logits, labels), 1e-5 * expectedLoss);
        assertEquals(expectedLoss, loss.loss(logits, oneHot), 1e-5 * expectedLoss);
    }

    @Test
    void labelSmoothingMatchesTheReferenceAndItsGradientCheck() {
        int rows = 4, classes = 5;
        float eps = 0.1f;
        Tensor logits = normal(rows, classes, 3).scaleInPlace(3f);
        int[] labels = {4, 0, 2, 2};
        float[] x = logits.toFloatArray();
        double expectedLoss = 0;
        double[] expectedGrad = new double[rows * classes];
        for (int r = 0; r < rows; r++) {
            double max = Double.NEGATIVE_INFINITY, sum = 0;
            for (int j = 0; j < classes; j++) {
                max = Math.max(max, x[r * classes + j]);
            }
            for (int j = 0; j < classes; j++) {
                sum += Math.exp(x[r * classes + j] - max);
            }
            for (int j = 0; j < classes; j++) {
                double t = (j == labels[r] ? 1 - eps : 0) + eps / classes;
                expectedLoss -= t * (x[r * classes + j] - max - Math.log(sum)) / rows;
                expectedGrad[r * classes + j] = (Math.exp(x[r * classes + j] - max) / sum - t) / rows;
            }
        }
        SoftmaxCrossEntropy smoothed = SoftmaxCrossEntropy.withLabelSmoothing(eps);
        Tensor grad = logits.newLike();
        assertEquals(expectedLoss, smoothed.lossAndGradient(logits, labels, grad), 1e-5 * expectedLoss);
        assertClose(expectedGrad, grad.toFloatArray(), 1e-5, "smoothed grad");
        // Central differences of the smoothed loss agree with its analytic gradient.
        float[] probe = x.clone();
        for (int i = 0; i < probe.length; i += 3) {
            double h = 1e-2;
            probe[i] = (float) (x[i] + h);
            double up = smoothed.lossAndGradient(backend().of(probe, rows, classes), labels, logits.newLike());
            probe[i] = (float) (x[i] - h);
            double down = smoothed.lossAndGradient(backend().of(probe, rows, classes), labels, logits.newLike());
            probe[i] = x[i];
            assertEquals(expectedGrad[i], (up - down) / (2 * h), 2e-3, "numeric grad[" + i + "]");
        }
        // Evaluation is against the labels as given: the unsmoothed loss.
        assertEquals(new SoftmaxCrossEntropy().loss(logits, labels), smoothed.loss(logits, labels), 0);
        assertThrows(IllegalArgumentException.class, () -> SoftmaxCrossEntropy.withLabelSmoothing(1f));
        assertThrows(IllegalArgumentException.class, () -> SoftmaxCrossEntropy.withLabelSmoothing(-0.1f));
    }

    @Test
    void softmaxCrossEntropyIsStableForHugeLogits() {
        Tensor logits = backend().of(new float[] {1000, 0, -1000, 0, 1000, -1000}, 2, 3);
        SoftmaxCrossEntropy loss = new SoftmaxCrossEntropy();
        Tensor grad = logits.newLike();
        assertEquals(0f, loss.lossAndGradient(logits, new int[] {0, 1}, grad), 1e-6f);
        assertEquals(1000f, loss.lossAndGradient(logits, new int[] {1, 0}, grad), 1e-2f); // (1000 + 1000) / 2
        for (float g : grad.toFloatArray()) {
            assertTrue(Float.isFinite(g));
        }
    }

    @Test
    void softmaxCrossEntropyNamesABadLabel() {
        SoftmaxCrossEntropy loss = new SoftmaxCrossEntropy();
        Tensor logits = normal(2, 3, 2);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> loss.lossAndGradient(logits, new int[] {0, 3}, logits.newLike()));
        assertEquals("SoftmaxCrossEntropy: label 3 at row 1 is outside [0, 3); with 3 classes (model outputs), labels"
                + " must be 0..2", e.getMessage());
        IllegalArgumentException count = assertThrows(IllegalArgumentException.class,
                () -> loss.lossAndGradient(logits, new int[] {0}, logits.newLike()));
        assertTrue(count.getMessage().contains("2 rows of logits but 1 labels"), count.getMessage());
        IllegalArgumentException shape = assertThrows(IllegalArgumentException.class,
                () -> loss.loss(logits, normal(2, 4, 3)));
        assertTrue(shape.getMessage().startsWith("SoftmaxCrossEntropy: the predictions are [2, 3] but the targets are"
                + " [2, 4]"), shape.getMessage());
    }

    @Test
    void softmaxCrossEntropyAccuracy() {
        Tensor logits = backend().of(new float[] {3, 1, 0, 0, 2, 5, 1, 1, 0, 9, 0, 0}, 4, 3);
        SoftmaxCrossEntropy loss = new SoftmaxCrossEntropy();
        // argmax per row: 0, 2, 0 (a tie goes to the first index), 0
        assertEquals(0.75, loss.accuracy(logits, new int[] {0, 2, 0, 1}), 1e-12);
        assertEquals(0.5, loss.accuracy(logits, OneHot.of(backend(), new int[] {0, 1, 1, 0}, 3)), 1e-12);
    }

    @Test
    void meanSquaredErrorMatchesTheReference() {
        Tensor p = normal(3, 4, 4);
        Tensor t = normal(3, 4, 5);
        float[] ps = p.toFloatArray();
        float[] ts = t.toFloatArray();
        double expected = 0;
        double[] grad = new double[12];
        for (int i = 0; i < 12; i++) {
            expected += (ps[i] - ts[i]) * (double) (ps[i] - ts[i]) / 12;
            grad[i] = 2.0 * (ps[i] - ts[i]) / 12;
        }
        MeanSquaredError loss = new MeanSquaredError();
        Tensor g = p.newLike();
        assertEquals(expected, loss.lossAndGradient(p, t, g), 1e-5 * expected);
        assertClose(grad, g.toFloatArray(), 1e-5, "mse grad");
        assertEquals(expected, loss.loss(p, t), 1e-5 * expected);
        assertTrue(Double.isNaN(loss.accuracy(p, t)), "no accuracy for a regression loss");
    }

    @Test
    void binaryCrossEntropyMatchesTheReferenceAndStaysFinite() {
        Tensor x = backend().of(new float[] {-2, 0.5f, 3, 100, -100, 0, 40, -40}, 4, 2);
        Tensor y = backend().of(new float[] {0, 1, 0.3f, 0, 0, 1, 1, 1}, 4, 2);
        float[] xs = x.toFloatArray();
        float[] ys = y.toFloatArray();
        double expected = 0;
        double[] grad = new double[8];
        for (int i = 0; i < 8; i++) {
            double softplus = Math.max(xs[i], 0) + Math.log1p(Math.exp(-Math.abs(xs[i])));
            expected += (softplus - xs[i] * ys[i]) / 8;
            grad[i] = (1 / (1 + Math.exp(-xs[i])) - ys[i]) / 8;
        }
        BinaryCrossEntropy loss = new BinaryCrossEntropy();
        Tensor g = x.newLike();
        float value = loss.lossAndGradient(x, y, g);
        assertEquals(expected, value, 1e-5 * expected);
        assertTrue(expected > 12.5, "logit 100 with target 0 costs 100/8");
        assertClose(grad, g.toFloatArray(), 1e-5, "bce grad");
        assertEquals(expected, loss.loss(x, y), 1e-5 * expected);
        // logit > 0 predicts 1: -2→0 ✓, 0.5→1 ✓, 3→1 vs 0.3 ✗, 100→1 vs 0 ✗, -100→0 ✓, 0→0 vs 1 ✗, 40 ✓, -40 ✗
        assertEquals(4 / 8.0, loss.accuracy(x, y), 1e-12);
    }
}
