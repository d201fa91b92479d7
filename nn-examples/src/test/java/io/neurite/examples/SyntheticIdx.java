package io.neurite.examples;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.zip.GZIPOutputStream;

/**
 * A small, easy IDX data set written for the tests: 8×8 grey images of four classes (a bright bar at the top,
 * bottom, left or right) over noise. An MLP separates them almost perfectly within a few epochs.
 */
final class SyntheticIdx {
    static final int SIZE = 8;
    static final int CLASSES = 4;

    final Path trainImages;
    final Path trainLabels;
    final Path testImages;
    final Path testLabels;

    SyntheticIdx(Path dir) throws IOException {
        trainImages = dir.resolve("train-images.idx3-ubyte.gz");
        trainLabels = dir.resolve("train-labels.idx1-ubyte.gz");
        testImages = dir.resolve("test-images.idx3-ubyte");
        testLabels = dir.resolve("test-labels.idx1-ubyte");
        write(trainImages, trainLabels, 600, 1, true);
        write(testImages, testLabels, 200, 2, false);
    }

    private static void write(Path images, Path labels, int n, long seed, boolean gzip) throws IOException {
        Random random = new Random(seed);
        ByteBuffer x = ByteBuffer.allocate(16 + n * SIZE * SIZE).putInt(0x00000803).putInt(n).putInt(SIZE)
                .putInt(SIZE);
        ByteBuffer y = ByteBuffer.allocate(8 + n).putInt(0x00000801).putInt(n);
        for (int i = 0; i < n; i++) {
            int c = random.nextInt(CLASSES);
            y.put((byte) c);
            for (int r = 0; r < SIZE; r++) {
                for (int col = 0; col < SIZE; col++) {
                    boolean bar = switch (c) {
                        case 0 -> r < 2;
                        case 1 -> r >= SIZE - 2;
                        case 2 -> col < 2;
                        default -> col >= SIZE - 2;
                    };
                    int v = (bar ? 150 : 30) + random.nextInt(80);
                    x.put((byte) v);
                }
            }
        }
        writeFile(images, x.array(), gzip);
        writeFile(labels, y.array(), gzip);
    }

    private static void writeFile(Path file, byte[] bytes, boolean gzip) throws IOException {
        try (OutputStream out = gzip ? new GZIPOutputStream(Files.newOutputStream(file)) : Files.newOutputStream(file)) {
            out.write(bytes);
        }
    }
}
