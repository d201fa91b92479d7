package io.neurite.io;

import io.neurite.data.Normalizer;
import io.neurite.discovery.Backends;
import io.neurite.loss.MeanSquaredError;
import io.neurite.nn.Dense;
import io.neurite.nn.Dropout;
import io.neurite.nn.Initializer;
import io.neurite.nn.ReLU;
import io.neurite.nn.Sequential;
import io.neurite.nn.Softmax;
import io.neurite.nn.Tanh;
import io.neurite.optim.Optimizer;
import io.neurite.optim.Optimizers;
import io.neurite.tensor.Backend;
import io.neurite.tensor.SeededRandom;
import io.neurite.tensor.Shape;
import io.neurite.tensor.Tensor;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Writes the seed corpus of {@link ModelFileFuzzTest} with today's writer (argument: the test resources
 * folder). Run it after a change of the model-file format, as docs/fuzzing.md shows, and commit what it
 * writes. Crash inputs found by fuzzing sit beside the seeds and are kept.
 */
public final class ModelFileFuzzSeeds {
    private ModelFileFuzzSeeds() {
    }

    public static void main(String[] args) throws IOException {
        Path resources = Path.of(args[0], "io", "neurite", "io");
        Path files = resources.resolve("ModelFileFuzzTestInputs").resolve("anyFile");
        Path descriptions = resources.resolve("ModelFileFuzzTestInputs").resolve("anyDescription");
        Files.createDirectories(files);
        Files.createDirectories(descriptions);
        Backend b = Backends.get("pure");

        // Every standard layer kind that has a codec, nested, with optimizer state, normalizer, names, metadata.
        Sequential full = Sequential.of(b, Shape.of(6), new Dense(6, 8, 11L), new ReLU(), new Dropout(0.25f, 5),
                Sequential.of(b, Shape.of(8), new Dense(8, 4, Initializer.xavierUniform(12)), new Tanh()),
                new Dense(4, 3, Initializer.heNormal(13)), new Softmax());
        Optimizer adam = Optimizers.adam(0.01);
        train(full, adam, 3);
        Path base = resources.resolve("ModelFileFuzzTest-base.zip");
        ModelFile.writer(full).optimizer(adam).normalizer(Normalizer.range(0, 255, 6))
                .classNames(List.of("a", "b", "c")).metadata("data", "seed").save(base);
        Files.copy(base, files.resolve("full.zip"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        try (ZipFile zip = new ZipFile(base.toFile());
             InputStream json = zip.getInputStream(new ZipEntry(ModelFile.DESCRIPTION_ENTRY))) {
            Files.write(descriptions.resolve("full.json"), json.readAllBytes());
        }

        // The smallest model: one Dense layer, weights only.
        ModelFile.save(files.resolve("dense.zip"), Sequential.of(b, Shape.of(2), new Dense(2, 1, 1L)));
        // A damaged one: the full file cut in the middle of its central directory.
        byte[] bytes = Files.readAllBytes(base);
        Files.write(files.resolve("truncated.zip"), Arrays.copyOf(bytes, bytes.length - 40));
    }

    private static void train(Sequential model, Optimizer optimizer, int steps) {
        Backend b = model.backend();
        Tensor x = b.of(new SeededRandom(1).uniform(16 * 6, -1f, 1f), Shape.of(16, 6));
        Tensor y = b.of(new SeededRandom(2).uniform(16 * 3, 0f, 1f), Shape.of(16, 3));
        MeanSquaredError loss = new MeanSquaredError();
        for (int s = 0; s < steps; s++) {
            model.zeroGrad();
            Tensor p = model.forward(x, true);
            Tensor g = p.newLike();
            loss.lossAndGradient(p, y, g);
            model.backward(g);
            optimizer.step(model.parameters());
        }
    }
}
