package io.neurite.spark;

import io.neurite.io.ModelFile;
import io.neurite.io.ModelFileException;
import io.neurite.io.SavedModel;
import io.neurite.nn.Sequential;
import io.neurite.tensor.Backend;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A Neurite model file as bytes, so that a model travels to executors (in a broadcast) and into Spark ML's
 * persistence (through a Hadoop {@code FileSystem}) in the one format Neurite already checks on load.
 * Goes through a private temporary file because {@link ModelFile} reads and writes paths.
 */
final class ModelBytes {
    private ModelBytes() {
    }

    /** The bytes of the model file {@code writer} would save. */
    static byte[] of(ModelFile.Writer writer) {
        Path tmp = null;
        try {
            tmp = Files.createTempFile("neurite-model-", ".zip");
            writer.save(tmp);
            return Files.readAllBytes(tmp);
        } catch (ModelFileException e) {
            throw new UncheckedIOException("could not write the model file: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException("could not write a model file to a temporary file", e);
        } finally {
            deleteQuietly(tmp);
        }
    }

    /** The bytes of {@code model}'s architecture and weights. */
    static byte[] of(Sequential model) {
        return of(ModelFile.writer(model));
    }

    /** Everything in the model file {@code bytes}, built on {@code backend}; checked as {@link ModelFile} does. */
    static SavedModel read(byte[] bytes, Backend backend) {
        Path tmp = null;
        try {
            tmp = Files.createTempFile("neurite-model-", ".zip");
            Files.write(tmp, bytes);
            return ModelFile.read(tmp, backend);
        } catch (ModelFileException e) {
            throw new IllegalArgumentException("not a valid Neurite model file: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException("could not write a model file to a temporary file", e);
        } finally {
            deleteQuietly(tmp);
        }
    }

    private static void deleteQuietly(Path tmp) {
        if (tmp != null) {
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException ignored) {
                // a leftover temporary file is harmless
            }
        }
    }
}
