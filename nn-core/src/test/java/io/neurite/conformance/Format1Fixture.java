package io.neurite.conformance;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.neurite.io.ModelFile;
import io.neurite.io.SavedModel;
import io.neurite.nn.Dense;
import io.neurite.nn.Dropout;
import io.neurite.nn.Initializer;
import io.neurite.nn.LeakyReLU;
import io.neurite.nn.Parameter;
import io.neurite.nn.ReLU;
import io.neurite.nn.Sequential;
import io.neurite.nn.Softmax;
import io.neurite.nn.Tanh;
import io.neurite.optim.OptimizerState;
import io.neurite.tensor.Backend;
import io.neurite.tensor.Shape;
import io.neurite.tensor.Tensor;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A model file written by the format-1 code (main at 5a17608, by {@code WriteFormat1Fixture} in
 * nn-backend-pure's tests as of commit 864c9bd, removed once the writer moved to format 2): an MLP with
 * Dropout, a nested Sequential, LeakyReLU and Softmax, trained 7 steps with Adam on a cosine schedule, saved
 * with its optimizer state, a normalizer, class names and metadata. Beside it, {@code mlp-dropout-adam.expected.json} holds, as IEEE-754 bits, the weights
 * and optimizer slots the file was written from, an input, and the predictions the model gave for it on the
 * pure backend's 512-bit SIMD path.
 *
 * <p>{@link #checkLoads} proves that today's reader restores exactly what format-1 code saved: every weight
 * and slot bit for bit, and predictions bit for bit equal to those of the same network built in memory with
 * those weights on the same backend (and, across backends and kernel paths whose summation order differs,
 * within {@code tolerance} of the recorded predictions).
 */
final class Format1Fixture {
    static final String DIR = "/io/neurite/conformance/format1/";

    private Format1Fixture() {
    }

    /** Copies the fixture's model file into {@code dir} and returns its path. */
    static Path copyTo(Path dir) throws IOException {
        Path file = dir.resolve("format1.zip");
        try (InputStream in = Format1Fixture.class.getResourceAsStream(DIR + "mlp-dropout-adam.zip")) {
            Files.copy(in, file);
        }
        return file;
    }

    static JsonNode expected() throws IOException {
        try (InputStream in = Format1Fixture.class.getResourceAsStream(DIR + "mlp-dropout-adam.expected.json")) {
            return new ObjectMapper().readTree(in);
        }
    }

    /** The fixture's architecture, built anew (the layers' own initial weights are overwritten by callers). */
    static Sequential architecture(Backend b) {
        return Sequential.of(b, Shape.of(6),
                new Dense(6, 8, Initializer.zeros()), new ReLU(), new Dropout(0.3f, 7),
                Sequential.of(b, Shape.of(8), new Dense(8, 8, Initializer.zeros()), new Tanh()),
                new Dense(8, 5, Initializer.zeros()), new LeakyReLU(0.1f), new Dense(5, 3, Initializer.zeros()),
                new Softmax());
    }

    static SavedModel checkLoads(Backend backend, Path dir, double tolerance) throws IOException {
        JsonNode expected = expected();
        SavedModel saved = ModelFile.read(copyTo(dir), backend);
        assertEquals(1, saved.formatVersion());
        Sequential model = saved.model();

        Sequential reference = architecture(backend);
        assertEquals(reference.layers().toString(), model.layers().toString());
        List<Parameter> params = model.parameters();
        assertEquals(expected.get("parameters").size(), params.size());
        for (int i = 0; i < params.size(); i++) {
            Parameter p = params.get(i);
            float[] want = floats(expected.get("parameters").get(p.name()));
            assertArrayEquals(want, p.value().toFloatArray(), "parameter " + p.name() + " bit for bit");
            reference.parameters().get(i).value().copyFrom(want);
        }

        OptimizerState state = saved.optimizerState().orElseThrow();
        assertEquals("adam", state.type());
        assertEquals(expected.get("iterations").longValue(), state.iterations());
        assertEquals(expected.get("optimizerState").size(), state.tensors().size());
        for (Map.Entry<String, Tensor> e : state.tensors().entrySet()) {
            assertArrayEquals(floats(expected.get("optimizerState").get(e.getKey())), e.getValue().toFloatArray(),
                    "optimizer slot " + e.getKey());
        }
        assertEquals(expected.get("optimizer").textValue(), saved.optimizerDescription().orElseThrow());
        assertEquals(List.of("alpha", "beta", "gamma"), saved.classNames());
        assertEquals("format-1 fixture", saved.metadata().get("purpose"));
        assertTrue(saved.normalizer().isPresent());
        assertTrue(saved.optimizer().isEmpty(), "format 1 has the optimizer as text only");
        assertTrue(saved.training().isEmpty());
        assertEquals(new Dropout(0.3f, 7).randomState(), ((Dropout) model.layers().get(2)).randomState(),
                "format 1 has no generator position: Dropout starts from its seed");

        JsonNode dims = expected.get("inputShape");
        Tensor x = backend.of(floats(expected.get("input")), Shape.of(dims.get(0).intValue(), dims.get(1).intValue()));
        float[] predicted = model.predict(x).toFloatArray();
        assertArrayEquals(reference.predict(x).toFloatArray(), predicted,
                "the loaded model must predict bit for bit what the same network with the saved weights predicts");
        float[] recorded = floats(expected.get("predictions"));
        assertEquals(recorded.length, predicted.length);
        for (int i = 0; i < recorded.length; i++) {
            assertEquals(recorded[i], predicted[i], tolerance, "prediction " + i + " against the recorded one");
        }
        return saved;
    }

    static float[] floats(JsonNode bits) {
        float[] out = new float[bits.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = Float.intBitsToFloat(bits.get(i).intValue());
        }
        return out;
    }
}
