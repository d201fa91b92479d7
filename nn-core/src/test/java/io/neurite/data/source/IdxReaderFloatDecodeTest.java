package io.neurite.data.source;

import static io.neurite.data.source.IdxReaderTest.assertMentions;
import static io.neurite.data.source.IdxTestFiles.gzip;
import static io.neurite.data.source.IdxTestFiles.idx;
import static io.neurite.data.source.IdxTestFiles.write;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.neurite.data.Dataset;
import io.neurite.tensor.Shape;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link IdxReader#readDataset} decodes image bytes straight into floats, chunk by chunk, as they come out of
 * the inflater. These tests hold it to a plain reference: each float is the unsigned value of the byte at the same
 * position of the file's data, for files of one chunk and of many, raw and gzipped (including gzip so
 * compressible that the float array has to grow while the data arrives); and a file cut short or followed by
 * extra bytes anywhere in those chunks gives the same error as {@link IdxReader#read}.
 */
class IdxReaderFloatDecodeTest {
    @TempDir
    Path dir;

    /** 3 x 28 x 28 = 2,352 bytes: less than one chunk. */
    @Test
    void oneChunkRawAndGzipped() throws Exception {
        checkAgainstReference(randomImages(3, 28, 28, 1), "small");
    }

    /** 700 x 28 x 28 = 548,800 bytes: nine chunks of 64 KiB, the last one partial. */
    @Test
    void manyChunksRawAndGzipped() throws Exception {
        checkAgainstReference(randomImages(700, 28, 28, 2), "many");
    }

    /**
     * 4,000 blank 28 x 28 images with a few marks gzip to a few kilobytes, so the reader's first guess at the
     * size (eight times the file) is too small and the array grows as the data arrives.
     */
    @Test
    void highlyCompressibleGzipGrowsTheArray() throws Exception {
        int n = 4000;
        byte[] pixels = new byte[n * 784];
        for (int i = 0; i < n; i++) {
            pixels[i * 784 + (i % 784)] = (byte) (255 - i % 200); // one mark per image, at a moving place
        }
        byte[] file = idx(new int[] {n, 28, 28}, pixels);
        byte[] gz = gzip(file);
        assertEquals(true, 8L * gz.length < pixels.length, "the test needs a file the first guess underestimates");
        checkAgainstReference(file, "sparse");
    }

    /** Every position the data could stop at, relative to the chunks: the same error as {@code read}. */
    @Test
    void truncatedAnywhereGivesTheReadersError() {
        byte[] file = randomImages(200, 28, 28, 3); // 156,800 data bytes: three chunks
        int header = 16;
        for (int cut : new int[] {header + 1, header + 65_535, header + 65_536, header + 65_537, file.length - 1}) {
            byte[] shorter = Arrays.copyOf(file, cut);
            Path raw = write(dir.resolve("cut-" + cut), shorter);
            Path gz = write(dir.resolve("cut-" + cut + ".gz"), gzip(shorter));
            for (Path f : new Path[] {raw, gz}) {
                IdxFormatException fromFloats = assertThrows(IdxFormatException.class,
                        () -> IdxReader.readDataset(f, labels(200)));
                IdxFormatException fromBytes = assertThrows(IdxFormatException.class, () -> IdxReader.read(f));
                assertEquals(fromBytes.getMessage(), fromFloats.getMessage());
                assertMentions(fromFloats, f, "[200, 28, 28] = 156800 data bytes", "has only " + cut, "truncated");
            }
        }
    }

    @Test
    void trailingBytesGiveTheReadersError() {
        byte[] file = Arrays.copyOf(randomImages(100, 28, 28, 4), 16 + 78_400 + 5);
        for (Path f : new Path[] {write(dir.resolve("long"), file), write(dir.resolve("long.gz"), gzip(file))}) {
            IdxFormatException e = assertThrows(IdxFormatException.class, () -> IdxReader.readDataset(f, labels(100)));
            assertMentions(e, f, "5 more bytes follow", "corrupt");
        }
    }

    @Test
    void labelsPassedAsImagesIsNamedBeforeAnythingIsRead() {
        Path f = write(dir.resolve("train-labels-idx1-ubyte.gz"), gzip(idx(new int[] {4}, new byte[] {1, 2, 3, 4})));
        IdxFormatException e = assertThrows(IdxFormatException.class, () -> IdxReader.readDataset(f, f, 10));
        assertMentions(e, f, "one dimension [4]", "labels file as the images");
    }

    /** Reads {@code file} raw and gzipped; both must equal the byte-by-byte reference decode. */
    private void checkAgainstReference(byte[] file, String name) throws Exception {
        int n = java.nio.ByteBuffer.wrap(file, 4, 4).getInt();
        int rows = java.nio.ByteBuffer.wrap(file, 8, 4).getInt();
        int cols = java.nio.ByteBuffer.wrap(file, 12, 4).getInt();
        Path labels = labels(n);
        for (Path f : new Path[] {write(dir.resolve(name), file), write(dir.resolve(name + ".gz"), gzip(file))}) {
            Dataset d = IdxReader.readDataset(f, labels, 10);
            assertEquals(n, d.size());
            assertEquals(Shape.of(rows, cols), d.sampleShape());
            for (int i = 0; i < n; i++) {
                int sample = i;
                float[] expected = new float[rows * cols];
                for (int k = 0; k < expected.length; k++) {
                    expected[k] = file[16 + i * rows * cols + k] & 0xFF; // the plain reference: one byte at a time
                }
                assertArrayEquals(expected, d.features(i), () -> f + ": sample " + sample);
                assertEquals(i % 10, d.label(i));
            }
        }
    }

    private Path labels(int n) {
        return write(dir.resolve("labels-" + n), IdxTestFiles.labels(n, 10));
    }

    /** An IDX image file of random bytes (every value 0..255 occurs, the high ones included). */
    private static byte[] randomImages(int n, int rows, int cols, long seed) {
        byte[] pixels = new byte[n * rows * cols];
        new Random(seed).nextBytes(pixels);
        return idx(new int[] {n, rows, cols}, pixels);
    }
}
