package io.neurite.conformance;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.neurite.data.Normalizer;
import io.neurite.io.ModelFile;
import io.neurite.io.ModelFileException;
import io.neurite.io.SavedModel;
import io.neurite.nn.Sequential;
import io.neurite.optim.Adam;
import io.neurite.optim.Optimizers;
import io.neurite.tensor.Backend;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Loading a file that is not a sound model file — missing, empty, random bytes, truncated anywhere, a
 * flipped bit anywhere, foreign, from a newer version, with missing, extra, misshapen or
 * corrupted entries, or an inconsistent description — always ends in a {@link ModelFileException} that names
 * the file and the problem. Never another exception, and never a model that differs from the one saved.
 */
public abstract class ModelFileDamageTests {

    /** The backend under test. */
    protected abstract Backend backend();

    @TempDir
    Path dir;

    private Sequential original;
    private Path good;
    private byte[] goodBytes;

    @BeforeEach
    void saveAGoodFile() throws IOException {
        original = SampleModels.everyLayer(backend());
        Adam adam = Optimizers.adam(0.05);
        SampleModels.train(original, adam, 3, 1);
        good = dir.resolve("good.zip");
        ModelFile.writer(original).optimizer(adam).normalizer(Normalizer.range(0, 255, SampleModels.INPUTS))
                .classNames(List.of("a", "b", "c")).metadata("k", "v").save(good);
        goodBytes = Files.readAllBytes(good);
    }

    @Test
    void missingEmptyAndDirectory() throws IOException {
        expectFailure(dir.resolve("nope.zip"), "does not exist");
        expectFailure(write("empty.zip", new byte[0]), "is empty");
        expectFailure(dir, "is a directory");
    }

    @Test
    void randomBytes() throws IOException {
        Random random = new Random(42);
        for (int trial = 0; trial < 30; trial++) {
            byte[] junk = new byte[1 + random.nextInt(trial < 10 ? 30 : 20_000)];
            random.nextBytes(junk);
            if (junk.length >= 2 && junk[0] == 'P' && junk[1] == 'K') {
                junk[0] = 'X';
            }
            expectFailure(write("junk" + trial + ".bin", junk), "not a zip archive");
        }
    }

    @Test
    void randomBytesBehindAZipSignature() throws IOException {
        Random random = new Random(7);
        for (int trial = 0; trial < 20; trial++) {
            byte[] junk = new byte[4 + random.nextInt(10_000)];
            random.nextBytes(junk);
            junk[0] = 'P';
            junk[1] = 'K';
            junk[2] = 3;
            junk[3] = 4;
            expectFailure(write("fake" + trial + ".zip", junk));
        }
        expectFailure(write("text.zip", "{\"format\": \"neurite-model\"}".getBytes(StandardCharsets.UTF_8)),
                "not a zip archive");
    }

    /**
     * The byte positions the truncation and bit-flip tests visit: every one of the first 64 and last 512 (the
     * headers, the zip directory and its end record, where the structure lives) and about 400 spread over the
     * rest; all of them with {@code -Dneurite.test.exhaustive=true} (slow: several thousand loads).
     */
    private int[] positions() {
        int n = goodBytes.length;
        if (Boolean.getBoolean("neurite.test.exhaustive")) {
            return java.util.stream.IntStream.range(0, n).toArray();
        }
        int stride = Math.max(1, n / 400);
        return java.util.stream.IntStream.range(0, n)
                .filter(i -> i < 64 || i >= n - 512 || i % stride == 0).toArray();
    }

    @Test
    void truncatedAnywhere() throws IOException {
        Path cut = dir.resolve("cut.zip");
        for (int length : positions()) {
            Files.write(cut, Arrays.copyOf(goodBytes, length));
            expectFailure(cut);
        }
    }

    /**
     * Flips one bit at each visited byte of the file in turn. A flip that changes what an entry decodes to
     * must be refused with a ModelFileException (the entry's CRC or SHA-256 no longer matches). A flip elsewhere in a byte nothing reads (a time stamp, a
     * "version made by", the local copy of a size that the zip directory also holds) may load; then the
     * model must be exactly the original.
     */
    @Test
    void aFlippedBitAnywhereIsCaughtOrHarmless() throws IOException {
        boolean[] content = entryData(goodBytes);
        Path flipped = dir.resolve("flipped.zip");
        int inContent = 0;
        for (int i : positions()) {
            byte[] bytes = goodBytes.clone();
            bytes[i] ^= (byte) (1 << (i % 8));
            Files.write(flipped, bytes);
            SavedModel saved;
            try {
                saved = ModelFile.read(flipped, backend());
            } catch (ModelFileException e) {
                assertTrue(e.getMessage().contains("flipped.zip"), e.getMessage());
                inContent += content[i] ? 1 : 0;
                continue;
            } catch (RuntimeException e) {
                throw new AssertionError("byte " + i + " flipped: expected a ModelFileException but got " + e, e);
            }
            // A flip inside compressed data can still decode to the same bytes (a padding bit at the end of the
            // deflate stream, the code length of a symbol the stream never uses), and then the SHA-256 of the
            // entry matches too. Such a flip is harmless only if the model that loads is exactly the original,
            // which is asserted below; most flips in entry data must be refused (counted in inContent).
            ModelFileTests.assertSame(original, saved.model());
            assertEquals(List.of("a", "b", "c"), saved.classNames(), "byte " + i);
            assertEquals(Map.of("k", "v"), saved.metadata(), "byte " + i);
            assertArrayEquals(Normalizer.range(0, 255, SampleModels.INPUTS).scale(),
                    saved.normalizer().orElseThrow().scale(), "byte " + i);
        }
        assertTrue(inContent > 100, "the positions visited must include entry data: " + inContent);
    }

    /**
     * Which bytes of a zip written by ZipOutputStream are entry data: walks the local headers in order
     * (each followed by the data and a 16-byte data descriptor), with compressed sizes from the directory.
     */
    private static boolean[] entryData(byte[] zip) throws IOException {
        boolean[] data = new boolean[zip.length];
        java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(zip).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        Path tmp = Files.createTempFile("layout", ".zip");
        try {
            Files.write(tmp, zip);
            try (java.util.zip.ZipFile z = new java.util.zip.ZipFile(tmp.toFile())) {
                int offset = 0;
                for (var e = z.entries(); e.hasMoreElements(); ) {
                    java.util.zip.ZipEntry entry = e.nextElement();
                    assertEquals(0x04034b50, b.getInt(offset), "local header of " + entry.getName());
                    int start = offset + 30 + (b.getShort(offset + 26) & 0xFFFF) + (b.getShort(offset + 28) & 0xFFFF);
                    int end = start + (int) entry.getCompressedSize();
                    // The last byte of a deflate stream may end in padding bits after the end-of-block code,
                    // which no decoder reads: a flip there changes nothing, so it is not counted as data.
                    Arrays.fill(data, start, end - 1, true);
                    boolean descriptor = (b.getShort(offset + 6) & 0x08) != 0;
                    offset = end + (descriptor ? 16 : 0);
                }
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
        return data;
    }

    @Test
    void alteredValuesWithAValidZipAreCaughtBySha256() throws IOException {
        Map<String, byte[]> entries = ZipEdit.read(good);
        byte[] weight = entries.get("parameters/0.weight.npy");
        weight[weight.length - 1] ^= 0x01;
        expectFailure(rewrite(entries), "'parameters/0.weight.npy'", "SHA-256");
    }

    @Test
    void aZipThatIsNotAModel() throws IOException {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        entries.put("readme.txt", "hello".getBytes(StandardCharsets.UTF_8));
        expectFailure(rewrite(entries), "no 'model.json'", "readme.txt");

        entries.put("model.json", "{\"format\": \"keras\", \"formatVersion\": 1}".getBytes(StandardCharsets.UTF_8));
        expectFailure(rewrite(entries), "not a Neurite model", "keras");

        entries.put("model.json", "this is not JSON".getBytes(StandardCharsets.UTF_8));
        expectFailure(rewrite(entries), "not valid JSON");

        entries.put("model.json", "[1, 2, 3]".getBytes(StandardCharsets.UTF_8));
        expectFailure(rewrite(entries), "not a JSON object");

        expectFailure(rewrite(new LinkedHashMap<>()), "empty zip");
    }

    @Test
    void aNewerFormatVersion() throws IOException {
        Map<String, byte[]> entries = ZipEdit.read(good);
        ObjectNode d = ZipEdit.description(entries);
        d.put("formatVersion", ModelFile.FORMAT_VERSION + 1);
        ZipEdit.setDescription(entries, d);
        expectFailure(rewrite(entries), "newer", "upgrade");

        d.put("formatVersion", 0);
        ZipEdit.setDescription(entries, d);
        expectFailure(rewrite(entries), "format version 0");

        d.put("formatVersion", "one");
        ZipEdit.setDescription(entries, d);
        expectFailure(rewrite(entries), "formatVersion");
    }

    @Test
    void missingAndExtraEntries() throws IOException {
        Map<String, byte[]> entries = ZipEdit.read(good);
        entries.remove("parameters/0.bias.npy");
        expectFailure(rewrite(entries), "'parameters/0.bias.npy'", "missing");

        entries = ZipEdit.read(good);
        entries.put("notes.txt", "extra".getBytes(StandardCharsets.UTF_8));
        expectFailure(rewrite(entries), "notes.txt", "does not list");

        entries = ZipEdit.read(good);
        ZipEdit.putArray(entries, "parameters/99.weight.npy", new float[4], 2, 2);
        expectFailure(rewrite(entries), "parameters/99.weight.npy", "not used");
    }

    @Test
    void misshapenEntries() throws IOException {
        // The array's own header disagrees with the description.
        Map<String, byte[]> entries = ZipEdit.read(good);
        ObjectNode d = ZipEdit.description(entries);
        byte[] other = ZipEdit.npy(new float[48], 8, 6);
        entries.put("parameters/0.weight.npy", other);
        ((ObjectNode) d.get("entries").get("parameters/0.weight.npy")).put("sha256", ZipEdit.sha256(other));
        ZipEdit.setDescription(entries, d);
        expectFailure(rewrite(entries), "'parameters/0.weight.npy'", "[8, 6]", "[6, 8]");

        // Consistent with the description, but not what the architecture needs.
        entries = ZipEdit.read(good);
        ZipEdit.putArray(entries, "parameters/0.weight.npy", new float[54], 6, 9);
        expectFailure(rewrite(entries), "parameter '0.weight'", "[6, 9]", "[6, 8]");

        // Data shorter than the header's shape.
        entries = ZipEdit.read(good);
        d = ZipEdit.description(entries);
        byte[] full = entries.get("parameters/0.bias.npy");
        byte[] cut = Arrays.copyOf(full, full.length - 4);
        entries.put("parameters/0.bias.npy", cut);
        ((ObjectNode) d.get("entries").get("parameters/0.bias.npy")).put("sha256", ZipEdit.sha256(cut));
        ZipEdit.setDescription(entries, d);
        expectFailure(rewrite(entries), "'parameters/0.bias.npy'", "bytes");

        // Another dtype.
        entries = ZipEdit.read(good);
        d = ZipEdit.description(entries);
        ((ObjectNode) d.get("entries").get("parameters/0.bias.npy")).put("dtype", "float64");
        ZipEdit.setDescription(entries, d);
        expectFailure(rewrite(entries), "float64", "float32");
    }

    @Test
    void inconsistentDescriptions() throws IOException {
        expectDescriptionFailure(d -> layer(d, 6).put("type", "Swish"), "'Swish'", "does not know");
        expectDescriptionFailure(d -> ((ObjectNode) layer(d, 0).get("config")).put("useBias", false),
                "useBias", "does not know");
        expectDescriptionFailure(d -> ((ObjectNode) layer(d, 0).get("config")).put("outputs", -1), "invalid config");
        expectDescriptionFailure(d -> ((ObjectNode) layer(d, 0).get("config")).put("outputs", "eight"),
                "'outputs'", "integer");
        expectDescriptionFailure(d -> ((ObjectNode) layer(d, 0).get("config")).put("outputs", 9), "cannot be built");
        expectDescriptionFailure(d -> layer(d, 1).putArray("outputShape").add(9), "produces [8]", "[9]");
        expectDescriptionFailure(d -> d.remove("model"), "'model' is missing");
        expectDescriptionFailure(d -> ((ObjectNode) d.get("model")).putArray("layers"), "layers is missing or empty");
        expectDescriptionFailure(d -> ((ObjectNode) d.get("model")).putArray("inputShape").add(0), "inputShape");
        expectDescriptionFailure(d -> d.put("surprise", 1), "unknown field 'surprise'");
        expectDescriptionFailure(d -> {
            ObjectNode p = (ObjectNode) d.get("parameters");
            p.set("0.weights", p.remove("0.weight"));
        }, "0.weights");
        expectDescriptionFailure(d -> ((ObjectNode) d.get("parameters")).put("0.bias", "parameters/0.weight.npy"),
                "already used");
        expectDescriptionFailure(d -> {
            ObjectNode s = (ObjectNode) d.get("optimizer").get("state");
            s.set("42.weight/exp_avg", s.remove("0.weight/exp_avg"));
        }, "'42.weight/exp_avg'", "does not have");
        expectDescriptionFailure(d -> ((ObjectNode) d.get("optimizer")).put("iterations", -3), "iterations");
        expectDescriptionFailure(d -> d.putArray("classNames").add("only one"), "1 class names");
        expectDescriptionFailure(d -> ((ObjectNode) d.get("metadata")).put("k", 3), "metadata.k");
        // Format 2's objects.
        expectDescriptionFailure(d -> ((ObjectNode) d.get("optimizer").get("config")).put("amsgrad", true),
                "amsgrad", "does not know");
        expectDescriptionFailure(d -> ((ObjectNode) d.get("optimizer").get("config")).put("beta1", 1.5),
                "cannot be rebuilt", "beta1");
        expectDescriptionFailure(d -> ((ObjectNode) d.get("optimizer").get("schedule")).put("type", "cyclic"),
                "cannot be rebuilt", "'cyclic'");
        expectDescriptionFailure(d -> ((ObjectNode) d.get("optimizer")).remove("schedule"), "optimizer.schedule");
        expectDescriptionFailure(d -> ((ObjectNode) layer(d, 2).get("state")).put("random", "x"),
                "layers[2]", "invalid state", "'random'");
        expectDescriptionFailure(d -> ((ObjectNode) layer(d, 2).get("state")).put("position", 3),
                "state fields [position]");
        expectDescriptionFailure(d -> d.putObject("training").put("epoch", -1), "training");
        expectDescriptionFailure(d -> ((ObjectNode) d.get("buffers")).put("0.running_mean", "parameters/0.bias.npy"),
                "already used");
        expectDescriptionFailure(d -> d.put("formatVersion", 1), "unknown field 'buffers' for format version 1");
        expectDescriptionFailure(d -> {
            d.put("formatVersion", 1);
            d.remove("buffers");
        }, "layers[2] has a 'state'", "format version 1");
    }

    // ---- helpers -----------------------------------------------------------------------------------------

    private interface Edit {
        void apply(ObjectNode description) throws IOException;
    }

    private void expectDescriptionFailure(Edit edit, String... fragments) throws IOException {
        Map<String, byte[]> entries = ZipEdit.read(good);
        ObjectNode d = ZipEdit.description(entries);
        edit.apply(d);
        ZipEdit.setDescription(entries, d);
        expectFailure(rewrite(entries), fragments);
    }

    private static ObjectNode layer(ObjectNode description, int index) {
        return (ObjectNode) description.get("model").get("layers").get(index);
    }

    private int rewrites;

    private Path rewrite(Map<String, byte[]> entries) throws IOException {
        Path file = dir.resolve("edited" + (rewrites++) + ".zip");
        if (entries.isEmpty()) {
            try (OutputStream out = Files.newOutputStream(file); ZipOutputStream z = new ZipOutputStream(out)) {
                z.setComment("");
            }
            return file;
        }
        ZipEdit.write(file, entries);
        return file;
    }

    private Path write(String name, byte[] bytes) throws IOException {
        Path file = dir.resolve(name);
        Files.write(file, bytes);
        return file;
    }

    private void expectFailure(Path file, String... fragments) {
        try {
            ModelFile.read(file, backend());
        } catch (ModelFileException e) {
            String m = e.getMessage();
            assertTrue(m.contains(file.getFileName().toString()), "the message names the file: " + m);
            assertEquals(file, e.file());
            for (String f : fragments) {
                assertTrue(m.contains(f), "expected '" + f + "' in: " + m);
            }
            return;
        } catch (RuntimeException e) {
            throw new AssertionError(file.getFileName() + ": expected a ModelFileException but got " + e, e);
        }
        fail(file.getFileName() + ": a damaged file was loaded");
    }
}
