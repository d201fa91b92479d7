package io.neurite.io;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.neurite.tensor.Shape;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

/**
 * The first job of reading a model file: the zip container. It checks that the file is a complete zip (not
 * empty, not truncated, not some other kind of file) with a {@value ModelFile#DESCRIPTION_ENTRY} that parses as
 * a JSON object, and, given the entry listing of the description, that the archive holds exactly the listed
 * entries, each passing its CRC-32 and SHA-256 and decoding to a float32 {@code .npy} array of the listed shape.
 * What the JSON means is {@link ModelFileSchema}'s job.
 */
final class ModelFileContainer implements Closeable {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The description of even a very large model is far smaller; a larger entry is not ours. */
    private static final int MAX_DESCRIPTION_BYTES = 64 << 20;
    /** Room for an {@code .npy} header (NumPy's own are 128 bytes; a version-1 header is at most 64 KiB). */
    private static final int MAX_NPY_HEADER = 65_536 + 12;

    /** One {@code .npy} entry as the description lists it. */
    record Listed(int[] shape, String sha256) {
    }

    private final Path file;
    private final ZipFile zip;
    private final Map<String, ZipEntry> entries;

    private ModelFileContainer(Path file, ZipFile zip, Map<String, ZipEntry> entries) {
        this.file = file;
        this.zip = zip;
        this.entries = entries;
    }

    /** Opens {@code file} after checking that it looks like a model file's zip; the caller closes it. */
    static ModelFileContainer open(Path file) throws ModelFileException {
        checkLooksLikeZip(file);
        ZipFile zip;
        try {
            zip = new ZipFile(file.toFile());
        } catch (ZipException e) {
            throw new ModelFileException(file, "is not a complete zip archive (" + e.getMessage() + "): it is truncated"
                    + " or damaged; save the model again, or copy the complete file again", e);
        } catch (IOException e) {
            throw new ModelFileException(file, "cannot be opened (" + e.getMessage() + ")", e);
        }
        try {
            return new ModelFileContainer(file, zip, listEntries(file, zip));
        } catch (ModelFileException | RuntimeException e) {
            try {
                zip.close();
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
    }

    @Override
    public void close() throws IOException {
        zip.close();
    }

    private static void checkLooksLikeZip(Path file) throws ModelFileException {
        if (!Files.exists(file)) {
            throw new ModelFileException(file, "does not exist; check the path (the working directory is "
                    + Path.of("").toAbsolutePath() + ")");
        }
        if (Files.isDirectory(file)) {
            throw new ModelFileException(file, "is a directory, not a model file; give the path of the file"
                    + " ModelFile.save wrote");
        }
        byte[] head = new byte[4];
        int n;
        long size;
        try (InputStream in = Files.newInputStream(file)) {
            n = in.readNBytes(head, 0, 4);
            size = Files.size(file);
        } catch (IOException e) {
            throw new ModelFileException(file, "cannot be read (" + e.getMessage() + "); check its permissions", e);
        }
        if (size == 0) {
            throw new ModelFileException(file, "is empty (0 bytes); the save that wrote it did not finish — save the"
                    + " model again");
        }
        boolean local = n == 4 && head[0] == 'P' && head[1] == 'K' && head[2] == 3 && head[3] == 4;
        boolean empty = n == 4 && head[0] == 'P' && head[1] == 'K' && head[2] == 5 && head[3] == 6;
        if (empty) {
            throw new ModelFileException(file, "is an empty zip archive, not a Neurite model; save the model with"
                    + " ModelFile.save");
        }
        if (!local) {
            throw new ModelFileException(file, "is not a Neurite model file: it is not a zip archive (it starts with"
                    + " bytes " + hex(head, n) + "); a model file is the zip ModelFile.save writes");
        }
    }

    private static Map<String, ZipEntry> listEntries(Path file, ZipFile zip) throws ModelFileException {
        Map<String, ZipEntry> entries = new LinkedHashMap<>();
        try {
            for (Enumeration<? extends ZipEntry> e = zip.entries(); e.hasMoreElements(); ) {
                ZipEntry entry = e.nextElement();
                if (entries.put(entry.getName(), entry) != null) {
                    throw new ModelFileException(file, "has two entries named '" + entry.getName() + "'; "
                            + ModelFileException.DAMAGED);
                }
            }
        } catch (IllegalStateException | IllegalArgumentException e) {
            throw new ModelFileException(file, "has an unreadable zip directory (" + e.getMessage() + "); "
                    + ModelFileException.DAMAGED, e);
        }
        if (!entries.containsKey(ModelFile.DESCRIPTION_ENTRY)) {
            List<String> names = new ArrayList<>(entries.keySet());
            throw new ModelFileException(file, "is a zip archive but not a Neurite model: it has no '"
                    + ModelFile.DESCRIPTION_ENTRY + "' entry (its entries: "
                    + (names.size() > 10 ? names.subList(0, 10) + "..." : names)
                    + "); give the path of a file written by ModelFile.save");
        }
        return entries;
    }

    /** The description, parsed: a JSON object (its fields are not checked here). */
    JsonNode description() throws ModelFileException {
        byte[] bytes = readEntry(entries.get(ModelFile.DESCRIPTION_ENTRY), MAX_DESCRIPTION_BYTES);
        JsonNode root;
        try {
            root = JSON.readTree(bytes);
        } catch (JacksonException e) {
            throw fail(ModelFile.DESCRIPTION_ENTRY + " is not valid JSON (" + e.getOriginalMessage() + "); "
                    + ModelFileException.DAMAGED, e);
        } catch (IOException e) {
            throw fail(ModelFile.DESCRIPTION_ENTRY + " cannot be parsed (" + e.getMessage() + "); "
                    + ModelFileException.DAMAGED, e);
        }
        if (root == null || !root.isObject()) {
            throw fail(ModelFile.DESCRIPTION_ENTRY + " is not a JSON object; this is not a Neurite model file");
        }
        return root;
    }

    /** Checks that the archive holds exactly the {@code listed} entries, then reads and verifies every array. */
    Map<String, Npy.Array> arrays(Map<String, Listed> listed) throws ModelFileException {
        Set<String> extra = new TreeSet<>(entries.keySet());
        extra.remove(ModelFile.DESCRIPTION_ENTRY);
        Map<String, Npy.Array> arrays = new LinkedHashMap<>();
        for (Map.Entry<String, Listed> e : listed.entrySet()) {
            String name = e.getKey();
            ZipEntry entry = entries.get(name);
            if (entry == null || name.equals(ModelFile.DESCRIPTION_ENTRY)) {
                throw fail("entry '" + name + "' is listed in " + ModelFile.DESCRIPTION_ENTRY + " but missing from the"
                        + " archive; " + ModelFileException.DAMAGED);
            }
            extra.remove(name);
            int[] shape = e.getValue().shape();
            byte[] bytes = readEntry(entry, MAX_NPY_HEADER + 4 * Shape.of(shape).size());
            if (!ModelFileWriter.sha256(bytes).equals(e.getValue().sha256())) {
                throw fail("entry '" + name + "' fails its SHA-256 check (the file is corrupted); save the model"
                        + " again or restore the file from a backup");
            }
            Npy.Array array;
            try {
                array = Npy.decode(bytes);
            } catch (IllegalArgumentException ex) {
                throw fail("entry '" + name + "': " + ex.getMessage(), ex);
            }
            if (!Arrays.equals(array.shape(), shape)) {
                throw fail("entry '" + name + "' holds an array of shape " + Arrays.toString(array.shape()) + " but "
                        + ModelFile.DESCRIPTION_ENTRY + " says " + Arrays.toString(shape) + "; "
                        + ModelFileException.DAMAGED);
            }
            arrays.put(name, array);
        }
        if (!extra.isEmpty()) {
            throw fail("has entries that " + ModelFile.DESCRIPTION_ENTRY + " does not list: " + extra
                    + "; the file was changed after it was saved — save the model again");
        }
        return arrays;
    }

    /** The entry's bytes, at most {@code limit}, with the CRC-32 checked (ZipFile does not check it). */
    private byte[] readEntry(ZipEntry entry, long limit) throws ModelFileException {
        String name = entry.getName();
        if (entry.isDirectory()) {
            throw fail("entry '" + name + "' is a directory; " + ModelFileException.DAMAGED);
        }
        if (entry.getSize() > limit) {
            throw fail("entry '" + name + "' is " + entry.getSize() + " bytes, more than the " + limit + " it can be"
                    + "; " + ModelFileException.DAMAGED);
        }
        byte[] bytes;
        try (InputStream in = zip.getInputStream(entry)) {
            bytes = in.readNBytes((int) Math.min(limit + 1, Integer.MAX_VALUE - 16));
        } catch (IOException | RuntimeException e) {
            throw fail("entry '" + name + "' cannot be read (" + e.getMessage() + "); " + ModelFileException.DAMAGED,
                    e);
        }
        if (bytes.length > limit) {
            throw fail("entry '" + name + "' is longer than the " + limit + " bytes it can be; "
                    + ModelFileException.DAMAGED);
        }
        if (entry.getSize() >= 0 && bytes.length != entry.getSize()) {
            throw fail("entry '" + name + "' has " + bytes.length + " bytes but the zip directory says "
                    + entry.getSize() + "; " + ModelFileException.DAMAGED);
        }
        CRC32 crc = new CRC32();
        crc.update(bytes);
        if (entry.getCrc() != -1 && crc.getValue() != entry.getCrc()) {
            throw fail("entry '" + name + "' fails its CRC-32 check (the file is corrupted); "
                    + ModelFileException.DAMAGED);
        }
        return bytes;
    }

    private ModelFileException fail(String problem) {
        return new ModelFileException(file, problem);
    }

    private ModelFileException fail(String problem, Throwable cause) {
        return new ModelFileException(file, problem, cause);
    }

    private static String hex(byte[] b, int n) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < n; i++) {
            sb.append(String.format("%02x ", b[i] & 0xFF));
        }
        return sb.toString().trim();
    }
}
