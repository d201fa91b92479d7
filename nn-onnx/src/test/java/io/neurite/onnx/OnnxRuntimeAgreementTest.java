package io.neurite.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.neurite.data.Normalizer;
import io.neurite.nn.Dense;
import io.neurite.nn.Initializer;
import io.neurite.nn.ReLU;
import io.neurite.nn.Sequential;
import io.neurite.tensor.Backend;
import io.neurite.tensor.Shape;
import java.nio.file.Path;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every exported model computes in ONNX Runtime what it computes in Neurite, on both backends. */
class OnnxRuntimeAgreementTest {
    /**
     * Agreement asked for: {@code |neurite - runtime| <= TOLERANCE * max(1, |runtime|)} for every output, i.e.
     * 1e-5 absolute for values up to 1 and 1e-5 relative above (logits of 10 or more carry float32 rounding of
     * about 1e-6 per unit from sums of hundreds of products taken in another order).
     */
    static final double TOLERANCE = 1e-5;

    @TempDir
    Path dir;

    static Stream<Arguments> modelsOnBackends() {
        return TestModels.backends().stream().flatMap(b -> TestModels.cases().map(c -> Arguments.of(b.name(), c)));
    }

    @ParameterizedTest(name = "{1} on {0}")
    @MethodSource("modelsOnBackends")
    void exportedModelAgreesWithNeurite(String backendName, TestModels.Case c) throws Exception {
        Backend backend = io.neurite.discovery.Backends.get(backendName);
        Sequential model = c.build().apply(backend);
        Path file = dir.resolve("model.onnx");
        OnnxExport.write(file, model);

        // Odd batch sizes: the batch dimension is symbolic.
        for (int rows : new int[] {1, 37}) {
            float[] x = c.inputs(model, rows, rows);
            float[] expected = model.predict(backend.of(x, TestModels.batchOf(rows, model.inputShape())))
                    .toFloatArray();
            float[] actual;
            try (OnnxRuntimeRunner ort = new OnnxRuntimeRunner(file)) {
                actual = ort.run(x, TestModels.batchShape(rows, model.inputShape()));
            }
            assertClose(expected, actual, c + " on " + backendName + ", batch " + rows);
        }
    }

    @Test
    void normalizerAtTheInputTakesRawValues() throws Exception {
        for (Backend backend : TestModels.backends()) {
            int features = 20;
            Sequential model = Sequential.of(backend, Shape.of(features), new Dense(features, 6, Initializer.heNormal(1)),
                    new ReLU(), new Dense(6, 3, Initializer.xavierNormal(2)));
            Random random = new Random(3);
            float[] shift = new float[features];
            float[] scale = new float[features];
            for (int j = 0; j < features; j++) {
                shift[j] = random.nextFloat() * 100f;
                scale[j] = 0.001f + random.nextFloat() / 50f;
            }
            Normalizer normalizer = Normalizer.of(shift, scale);
            Path file = dir.resolve("normalized.onnx");
            OnnxExport.writer(model).normalizer(normalizer).write(file);

            int rows = 11;
            float[] raw = new float[rows * features];
            for (int i = 0; i < raw.length; i++) {
                raw[i] = random.nextInt(256);
            }
            float[] normalized = raw.clone();
            for (int i = 0; i < rows; i++) {
                normalizer.applyInPlace(normalized, i * features);
            }
            float[] expected = model.predict(backend.of(normalized, Shape.of(rows, features))).toFloatArray();
            try (OnnxRuntimeRunner ort = new OnnxRuntimeRunner(file)) {
                assertClose(expected, ort.run(raw, rows, features), "normalised model on " + backend.name());
            }
        }
    }

    static void assertClose(float[] expected, float[] actual, String what) {
        assertEquals(expected.length, actual.length, what + ": output size");
        double worst = 0;
        double largest = 0;
        for (int i = 0; i < expected.length; i++) {
            double err = Math.abs((double) expected[i] - actual[i]) / Math.max(1.0, Math.abs(actual[i]));
            worst = Math.max(worst, err);
            largest = Math.max(largest, Math.abs(actual[i]));
            if (!(err <= TOLERANCE)) {
                throw new AssertionError(what + ": output " + i + " is " + expected[i] + " in Neurite but " + actual[i]
                        + " in ONNX Runtime (error " + err + " > " + TOLERANCE + ")");
            }
        }
        System.out.printf("%s: worst error %.2e (largest |output| %.3g)%n", what, worst, largest);
    }
}
