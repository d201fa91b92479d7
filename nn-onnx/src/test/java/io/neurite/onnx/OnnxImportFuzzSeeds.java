package io.neurite.onnx;

import io.neurite.data.Normalizer;
import io.neurite.discovery.Backends;
import io.neurite.nn.Dense;
import io.neurite.nn.Dropout;
import io.neurite.nn.GELU;
import io.neurite.nn.Initializer;
import io.neurite.nn.LeakyReLU;
import io.neurite.nn.ReLU;
import io.neurite.nn.Sequential;
import io.neurite.nn.SiLU;
import io.neurite.nn.Sigmoid;
import io.neurite.nn.Softmax;
import io.neurite.nn.Softplus;
import io.neurite.nn.Tanh;
import io.neurite.tensor.Backend;
import io.neurite.tensor.Shape;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Writes the seed corpus of {@link OnnxImportFuzzTest} with today's exporter (argument: the test resources
 * folder). Run it after a change of the exporter, as docs/fuzzing.md shows, and commit what it writes. Crash
 * inputs found by fuzzing sit beside the seeds and are kept.
 */
public final class OnnxImportFuzzSeeds {
    private OnnxImportFuzzSeeds() {
    }

    public static void main(String[] args) throws IOException {
        Path resources = Path.of(args[0], "io", "neurite", "onnx");
        Path files = resources.resolve("OnnxImportFuzzTestInputs").resolve("anyFile");
        Path changes = resources.resolve("OnnxImportFuzzTestInputs").resolve("anyChangeOfAValidModel");
        Files.createDirectories(files);
        Files.createDirectories(changes);
        Backend b = Backends.get("pure");

        // Every layer the exporter maps, a normaliser (Sub, Mul), class names and metadata: the base of the
        // structured target and a seed of the raw one.
        Sequential full = Sequential.of(b, Shape.of(4), new Dense(4, 5, Initializer.heNormal(1)), new ReLU(),
                new LeakyReLU(0.1f), new Dropout(0.2f, 3), new Dense(5, 5, Initializer.xavierNormal(2)), new GELU(),
                new SiLU(), new Sigmoid(), new Tanh(), new Softplus(), new Dense(5, 3, Initializer.xavierNormal(4)),
                new Softmax());
        Path base = resources.resolve("OnnxImportFuzzTest-base.onnx");
        OnnxExport.writer(full).normalizer(Normalizer.of(new float[] {0, 1, 2, 3}, new float[] {1, 0.5f, 0.25f, 2}))
                .classNames(List.of("a", "b", "c")).metadata("data", "seed").write(base);
        Files.copy(base, files.resolve("full.onnx"), StandardCopyOption.REPLACE_EXISTING);

        // The smallest model: one Dense layer.
        OnnxExport.write(files.resolve("dense.onnx"), Sequential.of(b, Shape.of(2), new Dense(2, 1, 1L)));
        // A damaged one: the full file cut in the middle of a weight.
        byte[] bytes = Files.readAllBytes(base);
        Files.write(files.resolve("truncated.onnx"), Arrays.copyOf(bytes, bytes.length * 2 / 3));
        // Not ONNX at all.
        byte[] noise = new byte[256];
        new Random(12).nextBytes(noise);
        Files.write(files.resolve("random.bin"), noise);

        // The structured target reads its bytes as a list of changes; a few arbitrary ones to start from.
        for (int seed = 1; seed <= 3; seed++) {
            byte[] c = new byte[64];
            new Random(seed).nextBytes(c);
            Files.write(changes.resolve("changes-" + seed + ".bin"), c);
        }
    }
}
