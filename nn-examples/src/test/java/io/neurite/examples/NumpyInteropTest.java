package io.neurite.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.neurite.io.ModelFile;
import io.neurite.nn.Dense;
import io.neurite.nn.Initializer;
import io.neurite.nn.ReLU;
import io.neurite.nn.Sequential;
import io.neurite.tensor.Backend;
import io.neurite.discovery.Backends;
import io.neurite.tensor.SeededRandom;
import io.neurite.tensor.Shape;
import io.neurite.tensor.Tensor;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * NumPy reads a model file: {@code numpy.load} opens every entry, the dtypes, shapes and SHA-256 sums match
 * the description, and a forward pass written in NumPy from the loaded weights gives Java's predictions.
 * Skipped where {@code python3} with NumPy is not installed (the Java side of the format is pinned by
 * {@code NpyTest} against files NumPy wrote).
 */
class NumpyInteropTest {
    @TempDir
    Path dir;

    private static final String SCRIPT = String.join("\n",
            "import hashlib, json, sys, zipfile",
            "import numpy as np",
            "z = zipfile.ZipFile(sys.argv[1])",
            "d = json.loads(z.read('model.json'))",
            "assert d['format'] == 'neurite-model' and d['formatVersion'] == 2 and d['buffers'] == {}, d['format']",
            "for name, info in d['entries'].items():",
            "    raw = z.read(name)",
            "    a = np.load(z.open(name))",
            "    assert a.dtype == np.float32 and list(a.shape) == info['shape'], name",
            "    assert hashlib.sha256(raw).hexdigest() == info['sha256'], name",
            "w = lambda n: np.load(z.open(d['parameters'][n]))",
            "x = np.fromfile(sys.argv[2], dtype='<f4').reshape(-1, 6)",
            "h = np.maximum(x @ w('0.weight') + w('0.bias'), 0)",
            "y = h @ w('2.weight') + w('2.bias')",
            "print(len(d['entries']))",
            "print(' '.join(repr(float(v)) for v in y.ravel()))");

    @Test
    void numpyLoadsEveryEntryAndComputesTheSamePredictions() throws Exception {
        Assumptions.assumeTrue(pythonWithNumpy(), "python3 with numpy is not installed");
        Backend backend = Backends.get("pure");
        Sequential model = Sequential.of(backend, Shape.of(6), new Dense(6, 9, Initializer.heNormal(1)), new ReLU(),
                new Dense(9, 4, Initializer.xavierUniform(2)));
        Path file = dir.resolve("model.zip");
        ModelFile.save(file, model);
        float[] x = new SeededRandom(3).uniform(5 * 6, -1f, 1f);
        ByteBuffer raw = ByteBuffer.allocate(4 * x.length).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : x) {
            raw.putFloat(v);
        }
        Path input = Files.write(dir.resolve("x.f32"), raw.array());
        Path script = Files.writeString(dir.resolve("check.py"), SCRIPT);

        List<String> lines = python(script.toString(), file.toString(), input.toString());
        assertEquals("4", lines.get(0), "four tensors: two weights, two biases");
        String[] values = lines.get(1).trim().split(" ");
        Tensor expected = model.predict(backend.of(x, Shape.of(5, 6)));
        assertEquals(expected.size(), values.length);
        for (int i = 0; i < values.length; i++) {
            assertEquals(expected.get(i), Float.parseFloat(values[i]), 1e-5, "output " + i);
        }
    }

    private static boolean pythonWithNumpy() {
        try {
            Process p = new ProcessBuilder("python3", "-c", "import numpy").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static List<String> python(String... args) throws IOException, InterruptedException {
        List<String> command = new java.util.ArrayList<>(List.of("python3"));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "python3 did not finish");
        assertEquals(0, p.exitValue(), "python3 failed:\n" + output);
        return output.lines().toList();
    }
}
