package io.neurite.conformance;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.neurite.nn.Dense;
import io.neurite.nn.Dropout;
import io.neurite.nn.Initializer;
import io.neurite.nn.Parameter;
import io.neurite.nn.ReLU;
import io.neurite.nn.Sequential;
import io.neurite.nn.Softmax;
import io.neurite.nn.Tanh;
import io.neurite.tensor.Backend;
import io.neurite.tensor.Shape;
import io.neurite.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** Sequential: build-time shape checks, parameter naming, forward/backward chaining, thread-safe predict. */
public abstract class SequentialTests {

    protected abstract Backend backend();

    @Test
    void mismatchedDenseSizesFailAtBuildTimeNamingTheLayerAndBothShapes() {
        Dense first = new Dense(784, 128, 1);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Sequential.of(backend(),
                Shape.of(784), first, new ReLU(), new Dense(64, 10, 2)));
        assertEquals("layer 2 (Dense 64→10) expects input [64] but the previous layer produces [128]; make this layer"
                + " Dense 128→10 or the previous layer produce 64 features", e.getMessage());
        // Checked before any layer was built: no weights were allocated for the valid first layer either.
        assertThrows(IllegalStateException.class, first::parameters);
    }

    @Test
    void aWrongModelInputIsReportedAtLayerZero() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Sequential.of(backend(), Shape.of(3), new Dense(4, 2, 1)));
        assertTrue(e.getMessage().startsWith("layer 0 (Dense 4→2) expects input [4] but the model input is [3]"),
                e.getMessage());
        IllegalArgumentException softmax = assertThrows(IllegalArgumentException.class,
                () -> Sequential.of(backend(), Shape.of(2, 3), new Softmax()));
        assertTrue(softmax.getMessage().startsWith("layer 0 (Softmax) expects a vector per sample but the model input"
                + " is [2, 3]"), softmax.getMessage());
    }

    private Sequential mlp() {
        return Sequential.of(backend(), Shape.of(4),
                new Dense(4, 8, Initializer.heNormal(1)), new ReLU(),
                new Dense(8, 8, Initializer.heNormal(2)), new Tanh(), new Dropout(0.5f, 3),
                new Dense(8, 3, Initializer.xavierUniform(4)));
    }

    @Test
    void parametersHaveUniqueModelWideNamesAndAreStable() {
        Sequential model = mlp();
        List<String> names = new ArrayList<>();
        model.parameters().forEach(p -> names.add(p.name()));
        assertEquals(List.of("0.weight", "0.bias", "2.weight", "2.bias", "5.weight", "5.bias"), names);
        assertSame(model.parameters(), model.parameters());
        assertEquals(4 * 8 + 8 + 8 * 8 + 8 + 8 * 3 + 3, model.parameterCount());
        Dense first = (Dense) model.layers().get(0);
        Parameter named = model.parameter("0.weight");
        assertSame(first.weight().value(), named.value(), "the named parameter is a view of the layer's");
        assertSame(first.weight().grad(), named.grad());
        assertEquals(Shape.of(3), model.outputShape());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> model.parameter("1.weight"));
        assertTrue(e.getMessage().contains("0.weight"), e.getMessage());
        assertTrue(model.summary().contains("Dense 4→8"), model.summary());
    }

    @Test
    void forwardAndBackwardChainTheLayers() {
        Sequential model = mlp();
        Tensor x = backend().randomNormal(Shape.of(5, 4), 0f, 1f, 9);
        Tensor manual = x;
        for (var layer : model.layers()) {
            manual = layer.forward(manual, false);
        }
        assertArrayEquals(manual.toFloatArray(), model.predict(x).toFloatArray());

        model.zeroGrad();
        Tensor out = model.forward(x, true);
        Tensor dx = model.backward(backend().full(out.shape(), 1f));
        assertEquals(x.shape(), dx.shape());
        float norm = 0;
        for (Parameter p : model.parameters()) {
            norm += p.grad().sumOfSquares();
        }
        assertTrue(norm > 0, "backward filled the gradients");
        model.zeroGrad();
        for (Parameter p : model.parameters()) {
            assertEquals(0f, p.grad().sumOfSquares());
        }
    }

    @Test
    void aBadInputBatchIsRejectedWithBothShapes() {
        Sequential model = mlp();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> model.predict(backend().zeros(Shape.of(2, 5))));
        assertEquals("Sequential: the input batch is [2, 5] but the model was built for [batch, 4] (per-sample input"
                + " [4])", e.getMessage());
    }

    @Test
    void predictFromEightThreadsMatchesSequentialResults() throws Exception {
        Sequential model = mlp();
        List<Tensor> inputs = new ArrayList<>();
        List<float[]> expected = new ArrayList<>();
        for (int i = 0; i < 32; i++) {
            Tensor x = backend().randomNormal(Shape.of(1 + i % 7, 4), 0f, 1f, 100 + i);
            inputs.add(x);
            expected.add(model.predict(x).toFloatArray());
        }
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Boolean>> results = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                int offset = t;
                results.add(pool.submit(() -> {
                    for (int round = 0; round < 50; round++) {
                        for (int i = 0; i < inputs.size(); i++) {
                            int k = (i + offset) % inputs.size();
                            if (!java.util.Arrays.equals(expected.get(k), model.predict(inputs.get(k)).toFloatArray())) {
                                return false;
                            }
                        }
                    }
                    return true;
                }));
            }
            for (Future<Boolean> r : results) {
                assertTrue(r.get(), "a concurrent predict differed from the sequential result");
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aLayerBuiltOnOneBackendCannotMoveSilently() {
        Dense d = new Dense(2, 2, 1);
        Sequential.of(backend(), Shape.of(2), d);
        // Building again on the same backend is allowed and keeps the weights.
        float[] w = d.weight().value().toFloatArray();
        Sequential.of(backend(), Shape.of(2), d);
        assertArrayEquals(w, d.weight().value().toFloatArray());
    }
}
