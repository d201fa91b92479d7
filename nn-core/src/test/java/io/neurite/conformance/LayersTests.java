package io.neurite.conformance;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.neurite.io.ModelFile;
import io.neurite.nn.Dense;
import io.neurite.nn.Dropout;
import io.neurite.nn.GELU;
import io.neurite.nn.Initializer;
import io.neurite.nn.Layer;
import io.neurite.nn.LayerShapeException;
import io.neurite.nn.LeakyReLU;
import io.neurite.nn.Parameter;
import io.neurite.nn.ReLU;
import io.neurite.nn.Sequential;
import io.neurite.nn.SiLU;
import io.neurite.nn.Sigmoid;
import io.neurite.nn.Softplus;
import io.neurite.nn.Softmax;
import io.neurite.nn.Tanh;
import io.neurite.tensor.Backend;
import io.neurite.tensor.SeededRandom;
import io.neurite.tensor.Shape;
import io.neurite.tensor.Tensor;
import java.nio.file.Path;
import java.util.function.DoubleUnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Layers against plain double-precision references, buffer reuse, initialisation and shape errors. */
public abstract class LayersTests {
    private static final float TOL = 1e-5f;

    protected abstract Backend backend();

    private Tensor normal(int rows, int cols, long seed) {
        return backend().randomNormal(Shape.of(rows, cols), 0f, 1f, seed);
    }

    private Dense dense(int in, int out, long seed) {
        Dense d = new Dense(in, out, Initializer.heNormal(seed));
        d.build(backend(), Shape.of(in));
        d.bias().value().copyFrom(new SeededRandom(seed + 1).normal(out, 0f, 1f));
        return d;
    }

    private static void assertClose(float[] expected, float[] actual, float tol, String what) {
        assertEquals(expected.length, actual.length, what + ": length");
        for (int i = 0; i < expected.length; i++) {
            float scale = Math.max(1f, Math.abs(expected[i]));
            assertTrue(Math.abs(expected[i] - actual[i]) <= tol * scale,
                    what + "[" + i + "]: expected " + expected[i] + " but was " + actual[i]);
        }
    }

    // ---- Dense -------------------------------------------------------------------------------------

    @Test
    void denseForwardIsXTimesWPlusBias() {
        int batch = 3, in = 17, out = 5;
        Dense d = dense(in, out, 1);
        Tensor x = normal(batch, in, 2);
        float[] w = d.weight().value().toFloatArray();
        float[] b = d.bias().value().toFloatArray();
        float[] xs = x.toFloatArray();
        float[] expected = new float[batch * out];
        for (int r = 0; r < batch; r++) {
            for (int j = 0; j < out; j++) {
                double s = b[j];
                for (int k = 0; k < in; k++) {
                    s += (double) xs[r * in + k] * w[k * out + j];
                }
                expected[r * out + j] = (float) s;
            }
        }
        assertClose(expected, d.forward(x, false).toFloatArray(), TOL, "inference");
        assertClose(expected, d.forward(x, true).toFloatArray(), TOL, "training");
    }

    @Test
    void denseBackwardMatchesReferenceAndAccumulates() {
        int batch = 4, in = 3, out = 6;
        Dense d = dense(in, out, 3);
        Tensor x = normal(batch, in, 4);
        Tensor dy = normal(batch, out, 5);
        float[] w = d.weight().value().toFloatArray();
        float[] xs = x.toFloatArray();
        float[] g = dy.toFloatArray();
        float[] dx = new float[batch * in];
        float[] dw = new float[in * out];
        float[] db = new float[out];
        for (int r = 0; r < batch; r++) {
            for (int j = 0; j < out; j++) {
                db[j] += g[r * out + j];
                for (int k = 0; k < in; k++) {
                    dx[r * in + k] += g[r * out + j] * w[k * out + j];
                    dw[k * out + j] += xs[r * in + k] * g[r * out + j];
                }
            }
        }
        d.forward(x, true);
        assertClose(dx, d.backward(dy).toFloatArray(), TOL, "dX");
        assertClose(dw, d.weight().grad().toFloatArray(), TOL, "dW");
        assertClose(db, d.bias().grad().toFloatArray(), TOL, "db");

        d.backward(dy); // a second backward adds the same gradients again
        for (int i = 0; i < dw.length; i++) {
            dw[i] *= 2;
        }
        for (int i = 0; i < db.length; i++) {
            db[i] *= 2;
        }
        assertClose(dw, d.weight().grad().toFloatArray(), TOL, "dW accumulated");
        assertClose(db, d.bias().grad().toFloatArray(), TOL, "db accumulated");
    }

    /**
     * zeroGrad writes its zeros lazily: a backward right after it overwrites the gradients (so garbage left in
     * them, NaN here, must not leak into the result), {@code grad()} reads zeros when no backward came, and every
     * name of a parameter shares the pending zeros.
     */
    @Test
    void zeroGradThenBackwardOverwritesWhateverTheGradientsHeld() {
        Dense d = dense(5, 3, 9);
        Tensor x = normal(4, 5, 10);
        Tensor dy = normal(4, 3, 11);
        d.forward(x, true);
        d.backward(dy, false);
        float[] dw = d.weight().grad().toFloatArray();
        float[] db = d.bias().grad().toFloatArray();

        d.weight().grad().fill(Float.NaN);
        d.bias().grad().fill(Float.NaN);
        Parameter weightView = d.weight().withName("0.weight");
        weightView.zeroGrad(); // through another name: the same gradient
        d.bias().zeroGrad();
        d.forward(x, true);
        d.backward(dy, false);
        assertArrayEquals(dw, d.weight().grad().toFloatArray(), "dW after zeroGrad, whatever the gradient held");
        assertArrayEquals(db, d.bias().grad().toFloatArray(), "db after zeroGrad, whatever the bias gradient held");
        assertArrayEquals(dw, weightView.grad().toFloatArray(), "the renamed parameter shares the gradient");

        d.weight().zeroGrad();
        assertArrayEquals(new float[dw.length], weightView.grad().toFloatArray(), "zeros, with no backward since");
        assertEquals(1f, d.weight().gradientBeta(), "the zeros were written, so a layer must add to them");
        d.bias().zeroGrad();
        assertEquals(0f, d.bias().gradientBeta(), "pending zeros: a layer may overwrite");
        assertEquals(1f, d.bias().gradientBeta(), "and after that it counts as written");
    }

    @Test
    void denseCanSkipTheInputGradient() {
        Dense d = dense(4, 2, 6);
        Tensor x = normal(3, 4, 7);
        Tensor dy = normal(3, 2, 8);
        d.forward(x, true);
        float[] dxFull = d.backward(dy).toFloatArray();
        float[] dwOnce = d.weight().grad().toFloatArray();
        d.weight().zeroGrad();
        d.bias().zeroGrad();
        assertNull(d.backward(dy, false));
        assertArrayEquals(dwOnce, d.weight().grad().toFloatArray());
        assertEquals(3 * 4, dxFull.length);
    }

    @Test
    void sameSeedGivesTheSameWeightsAsTheSeededGenerator() {
        int in = 31, out = 7;
        Dense a = new Dense(in, out, Initializer.heNormal(42));
        Dense b = new Dense(in, out, Initializer.heNormal(42));
        Dense c = new Dense(in, out, Initializer.heNormal(43));
        for (Dense d : new Dense[] {a, b, c}) {
            d.build(backend(), Shape.of(in));
        }
        float[] wa = a.weight().value().toFloatArray();
        assertArrayEquals(wa, b.weight().value().toFloatArray());
        assertFalse(java.util.Arrays.equals(wa, c.weight().value().toFloatArray()));
        // The weights are exactly the backend-independent SeededRandom stream: same seed, same weights everywhere.
        assertArrayEquals(new SeededRandom(42).normal(in * out, 0f, (float) Math.sqrt(2.0 / in)), wa);
        assertArrayEquals(new float[out], a.bias().value().toFloatArray());
    }

    private void checkInitializer(Initializer init, int in, int out, double expectedStd, double uniformLimit) {
        Tensor t = init.create(backend(), Shape.of(in, out), in, out);
        float[] v = t.toFloatArray();
        double mean = 0, sq = 0;
        for (float x : v) {
            mean += x;
            sq += (double) x * x;
            if (uniformLimit > 0) {
                assertTrue(Math.abs(x) <= uniformLimit, init + ": " + x + " outside ±" + uniformLimit);
            }
        }
        mean /= v.length;
        double std = Math.sqrt(sq / v.length - mean * mean);
        assertTrue(Math.abs(mean) < 0.05 * expectedStd, init + ": mean " + mean);
        assertTrue(Math.abs(std / expectedStd - 1) < 0.03, init + ": std " + std + ", expected " + expectedStd);
    }

    @Test
    void initializersHaveTheirPublishedScales() {
        int in = 300, out = 200;
        double he = Math.sqrt(2.0 / in);
        double xavier = Math.sqrt(2.0 / (in + out));
        checkInitializer(Initializer.heNormal(1), in, out, he, 0);
        checkInitializer(Initializer.heUniform(2), in, out, he, Math.sqrt(6.0 / in));
        checkInitializer(Initializer.xavierNormal(3), in, out, xavier, 0);
        checkInitializer(Initializer.xavierUniform(4), in, out, xavier, Math.sqrt(6.0 / (in + out)));
    }

    @Test
    void denseShapeErrorsSayWhatToDo() {
        Dense d = new Dense(64, 10, 1);
        LayerShapeException e = assertThrows(LayerShapeException.class, () -> d.outputShape(Shape.of(128)));
        assertEquals("Dense 64→10 expects input [64] but got [128]; make this layer Dense 128→10 or the previous"
                + " layer produce 64 features", e.getMessage());
        LayerShapeException flat = assertThrows(LayerShapeException.class, () -> d.outputShape(Shape.of(8, 8)));
        assertTrue(flat.getMessage().contains("flatten the input to [64]"), flat.getMessage());

        IllegalStateException notBuilt = assertThrows(IllegalStateException.class, () -> d.forward(normal(2, 64, 1), false));
        assertTrue(notBuilt.getMessage().contains("Dense 64→10 is not built"), notBuilt.getMessage());

        d.build(backend(), Shape.of(64));
        IllegalArgumentException batch = assertThrows(IllegalArgumentException.class,
                () -> d.forward(normal(2, 63, 1), false));
        assertEquals("Dense 64→10: the input batch is [2, 63] but this layer takes [batch, 64]", batch.getMessage());
    }

    // ---- activations -------------------------------------------------------------------------------

    private void checkElementwise(Layer layer, DoubleUnaryOperator f, Tensor x) {
        float[] xs = x.toFloatArray();
        float[] expected = new float[xs.length];
        for (int i = 0; i < xs.length; i++) {
            expected[i] = (float) f.applyAsDouble(xs[i]);
        }
        assertClose(expected, layer.forward(x, false).toFloatArray(), 1e-5f, layer + " inference");
        assertClose(expected, layer.forward(x, true).toFloatArray(), 1e-5f, layer + " training");
        assertEquals(Shape.of(3, 5), layer.outputShape(Shape.of(3, 5)));
    }

    @Test
    void activationsMatchTheirFormulas() {
        Tensor x = normal(7, 9, 11).scaleInPlace(3f);
        checkElementwise(new ReLU(), v -> Math.max(v, 0), x);
        checkElementwise(new LeakyReLU(0.2f), v -> v > 0 ? v : 0.2 * v, x);
        checkElementwise(new Sigmoid(), v -> 1 / (1 + Math.exp(-v)), x);
        checkElementwise(new Tanh(), Math::tanh, x);
        checkElementwise(new GELU(),
                v -> 0.5 * v * (1 + Math.tanh(Math.sqrt(2 / Math.PI) * (v + 0.044715 * v * v * v))), x);
        checkElementwise(new SiLU(), v -> v / (1 + Math.exp(-v)), x);
        checkElementwise(new Softplus(), v -> Math.log(1 + Math.exp(v)), x);
    }

    /** The layers added with the kernel SPI declare their own codec; a model with them saves and loads. */
    @Test
    void siluAndSoftplusSurviveAModelFile(@TempDir Path dir) throws Exception {
        Sequential model = Sequential.of(backend(), Shape.of(4), new Dense(4, 6, 1L), new SiLU(),
                new Dense(6, 3, 2L), new Softplus());
        Tensor x = normal(5, 4, 3);
        Path file = dir.resolve("silu.zip");
        ModelFile.save(file, model);
        Sequential again = ModelFile.load(file, backend());
        assertEquals(model.toString(), again.toString());
        assertArrayEquals(model.predict(x).toFloatArray(), again.predict(x).toFloatArray());
    }

    @Test
    void softmaxRowsSumToOneAndMatchTheReference() {
        Tensor x = normal(4, 6, 12).scaleInPlace(5f);
        x.set(0, 500f); // would overflow exp without the max shift
        float[] xs = x.toFloatArray();
        float[] expected = new float[xs.length];
        for (int r = 0; r < 4; r++) {
            double max = Double.NEGATIVE_INFINITY, sum = 0;
            for (int j = 0; j < 6; j++) {
                max = Math.max(max, xs[r * 6 + j]);
            }
            for (int j = 0; j < 6; j++) {
                sum += Math.exp(xs[r * 6 + j] - max);
            }
            for (int j = 0; j < 6; j++) {
                expected[r * 6 + j] = (float) (Math.exp(xs[r * 6 + j] - max) / sum);
            }
        }
        assertClose(expected, new Softmax().forward(x, false).toFloatArray(), 1e-6f, "softmax");
        LayerShapeException e = assertThrows(LayerShapeException.class, () -> new Softmax().outputShape(Shape.of(2, 3)));
        assertTrue(e.getMessage().contains("Softmax expects a vector per sample but got [2, 3]"), e.getMessage());
    }

    @Test
    void leakyReluRejectsABadSlope() {
        assertThrows(IllegalArgumentException.class, () -> new LeakyReLU(-0.1f));
        assertThrows(IllegalArgumentException.class, () -> new LeakyReLU(Float.NaN));
    }

    // ---- buffers and state -------------------------------------------------------------------------

    @Test
    void trainingReusesBuffersAndInferenceReturnsNewTensors() {
        for (Layer layer : new Layer[] {dense(5, 5, 13), new ReLU(), new Tanh(), new Softmax(), new Dropout(0.5f, 1)}) {
            Tensor x = normal(3, 5, 14);
            Tensor dy = normal(3, 5, 15);
            Tensor out1 = layer.forward(x, true);
            Tensor grad1 = layer.backward(dy);
            Tensor out2 = layer.forward(x, true);
            Tensor grad2 = layer.backward(dy);
            assertSame(out1, out2, layer + ": training output buffer reused");
            assertSame(grad1, grad2, layer + ": gradient buffer reused");
            if (!(layer instanceof Dropout)) {
                Tensor inf1 = layer.forward(x, false);
                Tensor inf2 = layer.forward(x, false);
                assertNotSame(inf1, inf2, layer + ": inference returns a new tensor");
                assertNotSame(out2, inf1, layer.toString());
            }
            // A smaller last batch gets its own buffer, and the full-size one is kept for the next epoch.
            Tensor small = layer.forward(normal(2, 5, 16), true);
            assertEquals(Shape.of(2, 5), small.shape());
            assertSame(out1, layer.forward(x, true), layer + ": full-batch buffer kept after a small batch");
        }
    }

    @Test
    void inferenceBetweenForwardAndBackwardChangesNothing() {
        Dense d = dense(4, 3, 17);
        Tensor x = normal(2, 4, 18);
        Tensor dy = normal(2, 3, 19);
        d.forward(x, true);
        float[] expected = d.backward(dy).toFloatArray();
        float[] expectedDw = d.weight().grad().toFloatArray();
        d.weight().zeroGrad();
        d.bias().zeroGrad();

        d.forward(x, true);
        d.forward(normal(5, 4, 20), false); // inference with another batch must not touch the training cache
        assertArrayEquals(expected, d.backward(dy).toFloatArray());
        assertArrayEquals(expectedDw, d.weight().grad().toFloatArray());
    }

    // ---- Dropout -----------------------------------------------------------------------------------

    @Test
    void dropoutIsTheIdentityAtInference() {
        Tensor x = normal(4, 8, 21);
        assertSame(x, new Dropout(0.5f, 1).forward(x, false));
    }

    @Test
    void dropoutDropsTheRateAndScalesTheSurvivors() {
        float rate = 0.3f;
        Tensor x = backend().full(Shape.of(100, 100), 2f);
        Dropout dropout = new Dropout(rate, 7);
        float[] y = dropout.forward(x, true).toFloatArray();
        int zeros = 0;
        for (float v : y) {
            if (v == 0f) {
                zeros++;
            } else {
                assertEquals(2f / (1 - rate), v, 1e-6f);
            }
        }
        assertEquals(rate, zeros / 10000.0, 0.02, "fraction dropped");
        float[] g = dropout.backward(backend().full(Shape.of(100, 100), 1f)).toFloatArray();
        for (int i = 0; i < y.length; i++) {
            assertEquals(y[i] == 0f ? 0f : 1f / (1 - rate), g[i], 1e-6f, "backward uses the forward mask");
        }
    }

    @Test
    void dropoutMasksFollowTheSeed() {
        Tensor x = backend().full(Shape.of(6, 6), 1f);
        Dropout a = new Dropout(0.5f, 99);
        Dropout b = new Dropout(0.5f, 99);
        float[] a1 = a.forward(x, true).toFloatArray();
        float[] a2 = a.forward(x, true).toFloatArray();
        assertArrayEquals(a1, b.forward(x, true).toFloatArray());
        assertArrayEquals(a2, b.forward(x, true).toFloatArray());
        assertFalse(java.util.Arrays.equals(a1, a2), "a new mask every training step");
        a.holdMask(true);
        assertArrayEquals(a.forward(x, true).toFloatArray(), a.forward(x, true).toFloatArray());
        assertThrows(IllegalArgumentException.class, () -> new Dropout(1f, 1));
        assertThrows(IllegalArgumentException.class, () -> new Dropout(-0.1f, 1));
    }
}
