package io.neurite.data.source;

import io.neurite.data.Dataset;
import static io.neurite.data.source.IdxTestFiles.gzip;
import static io.neurite.data.source.IdxTestFiles.idx;
import static io.neurite.data.source.IdxTestFiles.write;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.neurite.tensor.Shape;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdxReaderTest {
    @TempDir
    Path dir;

    private static final byte[] PIXELS = {0, 1, 2, (byte) 255, 10, 20, 30, (byte) 128, 7, 8, 9, (byte) 200};
    private static final int[] DIMS = {3, 2, 2};

    @Test
    void readsRawImages() throws Exception {
        Path f = write(dir.resolve("images-idx3-ubyte"), idx(DIMS, PIXELS));
        IdxData data = IdxReader.readImages(f);
        assertArrayEquals(DIMS, data.dims());
        assertEquals(3, data.count());
        assertArrayEquals(new int[] {2, 2}, data.itemShape());
        assertEquals(4, data.itemSize());
        float[][] rows = data.toFloatRows();
        assertArrayEquals(new float[] {0, 1, 2, 255}, rows[0]);
        assertArrayEquals(new float[] {7, 8, 9, 200}, rows[2]);
    }

    @Test
    void gzipIsDetectedByContentNotByName() throws Exception {
        // A gzipped file without .gz and a raw file named .gz both read the same as a plain raw file.
        Path gzNoExt = write(dir.resolve("images-gzipped-but-no-extension"), gzip(idx(DIMS, PIXELS)));
        Path rawWithGz = write(dir.resolve("images-raw.gz"), idx(DIMS, PIXELS));
        assertTrue(IdxReader.isGzip(gzNoExt));
        assertTrue(!IdxReader.isGzip(rawWithGz));
        float[][] expected = IdxReader.read(write(dir.resolve("plain"), idx(DIMS, PIXELS))).toFloatRows();
        assertTrue(Arrays.deepEquals(expected, IdxReader.read(gzNoExt).toFloatRows()));
        assertTrue(Arrays.deepEquals(expected, IdxReader.read(rawWithGz).toFloatRows()));
    }

    @Test
    void readsLabelsGzipped() throws Exception {
        Path f = write(dir.resolve("labels.gz"), gzip(idx(new int[] {5}, new byte[] {0, 9, 3, 3, 1})));
        assertArrayEquals(new int[] {0, 9, 3, 3, 1}, IdxReader.readLabels(f, 10));
    }

    @Test
    void badMagicNumberIsNotAnIdxFile() {
        Path f = write(dir.resolve("notidx"), new byte[] {0x12, 0x34, 0x08, 0x03, 0, 0, 0, 1});
        IdxFormatException e = assertThrows(IdxFormatException.class, () -> IdxReader.read(f));
        assertMentions(e, f, "bad magic number 0x12340803", "expected 0x000008NN", "not an IDX file", "download it again");
        assertEquals(f, e.file());
    }

    @Test
    void htmlErrorPageIsRecognised() {
        Path f = write(dir.resolve("page.gz"), "<html><body>404</body></html>".getBytes(StandardCharsets.US_ASCII));
        IdxFormatException e = assertThrows(IdxFormatException.class, () -> IdxReader.read(f));
        assertMentions(e, f, "HTML", "failed download");
    }

    @Test
    void unsupportedElementTypeIsNamed() {
        Path f = write(dir.resolve("floats"), idx(0x0D, new int[] {1}, new byte[] {0, 0, 0, 0}));
        IdxFormatException e = assertThrows(IdxFormatException.class, () -> IdxReader.read(f));
        assertMentions(e, f, "0x0D", "32-bit float", "type 0x08");
    }

    @Test
    void emptyFile() {
        Path f = write(dir.resolve("empty"), new byte[0]);
        IdxFormatException e = assertThrows(IdxFormatException.class, () -> IdxReader.read(f));
        assertMentions(e, f, "only 0 bytes", "truncated");
    }

    @Test
    void truncatedRawFileGivesBothLengths() {
        byte[] full = idx(DIMS, PIXELS);
        Path f = write(dir.resolve("short"), Arrays.copyOf(full, full.length - 2));
        IdxFormatException e = assertThrows(IdxFormatException.class, () -> IdxReader.read(f));
        assertMentions(e, f, "[3, 2, 2] = 12 data bytes", "28 bytes in all", "has only 26", "truncated", "again");
    }

    @Test
    void trailingBytesInRawFile() {
        byte[] full = idx(DIMS, PIXELS);
        Path f = write(dir.resolve("long"), Arrays.copyOf(full, full.length + 3));
        IdxFormatException e = assertThrows(IdxFormatException.class, () -> IdxReader.read(f));
        assertMentions(e, f, "28 bytes in all", "3 more bytes follow", "corrupt");
    }

    @Test
    void truncatedGzipStream() {
        byte[] noise = new byte[20_000]; // incompressible, so that half the gzip file ends inside the data
        new java.util.Random(42).nextBytes(noise);
        byte[] gz = gzip(idx(new int[] {2000, 10}, noise));
        Path f = write(dir.resolve("cut.gz"), Arrays.copyOf(gz, gz.length / 2));
        IdxFormatException e = assertThrows(IdxFormatException.class, () -> IdxReader.read(f));
        assertMentions(e, f, "gzip stream ends early", "truncated", "download it again");
    }

    @Test
    void gzipOfTruncatedContent() {
        byte[] full = idx(DIMS, PIXELS);
        Path f = write(dir.resolve("shortcontent.gz"), gzip(Arrays.copyOf(full, full.length - 5)));
        IdxFormatException e = assertThrows(IdxFormatException.class, () -> IdxReader.read(f));
        assertMentions(e, f, "after decompression", "has only 23", "truncated");
    }

    @Test
    void gzipWithTrailingContent() {
        byte[] full = idx(DIMS, PIXELS);
        Path f = write(dir.resolve("longcontent.gz"), gzip(Arrays.copyOf(full, full.length + 4)));
        IdxFormatException e = assertThrows(IdxFormatException.class, () -> IdxReader.read(f));
        assertMentions(e, f, "4 more bytes follow");
    }

    @Test
    void corruptGzipData() {
        byte[] gz = gzip(idx(new int[] {200, 10}, new byte[2000]));
        gz[gz.length - 5] ^= 0x5A; // inside the CRC/size trailer
        Path f = write(dir.resolve("corrupt.gz"), gz);
        IdxFormatException e = assertThrows(IdxFormatException.class, () -> IdxReader.read(f));
        assertMentions(e, f, "gzip", "download it again");
    }

    @Test
    void headerCutInsideTheDimensions() {
        Path f = write(dir.resolve("halfheader"), new byte[] {0, 0, 8, 3, 0, 0, 0, 3, 0, 0});
        IdxFormatException e = assertThrows(IdxFormatException.class, () -> IdxReader.read(f));
        assertMentions(e, f, "declares 3 dimensions", "after 1 of them", "truncated");
    }

    @Test
    void zeroAndTooManyDimensions() {
        Path zero = write(dir.resolve("zero"), idx(new int[] {0, 28, 28}, new byte[0]));
        assertMentions(assertThrows(IdxFormatException.class, () -> IdxReader.read(zero)), zero,
                "dimension 0 is 0", "holds no items");
        Path rank5 = write(dir.resolve("rank5"), idx(new int[] {1, 1, 1, 1, 1}, new byte[1]));
        assertMentions(assertThrows(IdxFormatException.class, () -> IdxReader.read(rank5)), rank5,
                "declares 5 dimensions", "expected 1 (labels) or 2 to 4");
        Path huge = write(dir.resolve("huge"), idx(new int[] {65536, 65536}, new byte[0]));
        assertMentions(assertThrows(IdxFormatException.class, () -> IdxReader.read(huge)), huge,
                "more elements than a Java array can hold");
    }

    @Test
    void imagesPassedAsLabels() {
        Path f = write(dir.resolve("train-images-idx3-ubyte"), idx(DIMS, PIXELS));
        IdxFormatException e = assertThrows(IdxFormatException.class, () -> IdxReader.readLabels(f, 10));
        assertMentions(e, f, "one dimension [count]", "3 dimensions [3, 2, 2]", "image file passed as labels");
    }

    @Test
    void labelsPassedAsImages() {
        Path f = write(dir.resolve("train-labels-idx1-ubyte"), idx(new int[] {4}, new byte[] {1, 2, 3, 4}));
        IdxFormatException e = assertThrows(IdxFormatException.class, () -> IdxReader.readImages(f));
        assertMentions(e, f, "one dimension [4]", "labels file as the images");
    }

    @Test
    void labelsOutOfRange() {
        Path f = write(dir.resolve("labels"), idx(new int[] {5}, new byte[] {0, 1, 12, 3, 15}));
        IdxFormatException e = assertThrows(IdxFormatException.class, () -> IdxReader.readLabels(f, 10));
        assertMentions(e, f, "label 12 at position 2 (and 1 more)", "outside 0..9", "10 classes");
        assertArrayEquals(new int[] {0, 1, 12, 3, 15}, assertDoesNotThrowLabels(f));
    }

    private static int[] assertDoesNotThrowLabels(Path f) {
        try {
            return IdxReader.readLabels(f, 16);
        } catch (Exception e) {
            throw new AssertionError("16 classes should accept labels up to 15", e);
        }
    }

    @Test
    void missingFile() {
        Path f = dir.resolve("nope");
        NoSuchFileException e = assertThrows(NoSuchFileException.class, () -> IdxReader.read(f));
        assertTrue(e.getMessage().contains(f.toString()) && e.getMessage().contains("does not exist"), e.getMessage());
    }

    @Test
    void readsADatasetAndChecksTheCountsAgree() throws Exception {
        Path images = write(dir.resolve("images"), idx(DIMS, PIXELS));
        Path labels = write(dir.resolve("labels"), idx(new int[] {3}, new byte[] {2, 0, 1}));
        Dataset d = IdxReader.readDataset(images, labels, 3);
        assertEquals(3, d.size());
        assertEquals(Shape.of(2, 2), d.sampleShape());
        assertArrayEquals(new int[] {2, 0, 1}, d.labels());
        assertArrayEquals(new float[] {10, 20, 30, 128}, d.features(1));
        assertEquals(3, IdxReader.readDataset(images, labels).numClasses(), "inferred: largest label + 1");

        Path fewer = write(dir.resolve("labels2"), idx(new int[] {2}, new byte[] {2, 0}));
        IdxFormatException e = assertThrows(IdxFormatException.class, () -> IdxReader.readDataset(images, fewer, 3));
        assertMentions(e, fewer, "2 labels", images.toString(), "3 images", "different sets");
    }

    static void assertMentions(Exception e, Path file, String... parts) {
        String m = e.getMessage();
        assertTrue(m.contains(file.toString()), "message should name the file " + file + ": " + m);
        for (String p : parts) {
            assertTrue(m.contains(p), "message should mention '" + p + "': " + m);
        }
    }
}
