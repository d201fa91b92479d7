package io.neurite.data.source;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;

/** Crafts IDX files, valid or broken, for tests. */
final class IdxTestFiles {
    private IdxTestFiles() {
    }

    /** A valid unsigned-byte IDX file image: magic, dims, data. */
    static byte[] idx(int[] dims, byte[] data) {
        return idx(0x08, dims, data);
    }

    static byte[] idx(int type, int[] dims, byte[] data) {
        ByteBuffer b = ByteBuffer.allocate(4 + 4 * dims.length + data.length);
        b.put((byte) 0).put((byte) 0).put((byte) type).put((byte) dims.length);
        for (int d : dims) {
            b.putInt(d);
        }
        b.put(data);
        return b.array();
    }

    static byte[] gzip(byte[] content) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
                gz.write(content);
            }
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Path write(Path file, byte[] bytes) {
        try {
            Files.createDirectories(file.getParent());
            return Files.write(file, bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code n} images of rows x cols whose pixel (i, k) is {@code (i * 7 + k) % 256}. */
    static byte[] images(int n, int rows, int cols) {
        byte[] data = new byte[n * rows * cols];
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < rows * cols; k++) {
                data[i * rows * cols + k] = (byte) ((i * 7 + k) % 256);
            }
        }
        return idx(new int[] {n, rows, cols}, data);
    }

    /** {@code n} labels {@code i % classes}. */
    static byte[] labels(int n, int classes) {
        byte[] data = new byte[n];
        for (int i = 0; i < n; i++) {
            data[i] = (byte) (i % classes);
        }
        return idx(new int[] {n}, data);
    }

    /** Writes the four Fashion-MNIST files (gzipped) with small synthetic 28x28 content into {@code dir}. */
    static void writeFashionMnist(Path dir, int trainSize, int testSize) {
        write(dir.resolve("train-images-idx3-ubyte.gz"), gzip(images(trainSize, 28, 28)));
        write(dir.resolve("train-labels-idx1-ubyte.gz"), gzip(labels(trainSize, 10)));
        write(dir.resolve("t10k-images-idx3-ubyte.gz"), gzip(images(testSize, 28, 28)));
        write(dir.resolve("t10k-labels-idx1-ubyte.gz"), gzip(labels(testSize, 10)));
    }
}
