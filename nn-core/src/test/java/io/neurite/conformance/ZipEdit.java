package io.neurite.conformance;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/**
 * Takes model files apart and puts them back together, written independently of the code under test: to
 * build files that are valid zips (good CRCs) but wrong in one specific way.
 */
final class ZipEdit {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String DESCRIPTION = "model.json";

    private ZipEdit() {
    }

    /** The entries of a zip, in order. */
    static Map<String, byte[]> read(Path zip) throws IOException {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        try (InputStream in = Files.newInputStream(zip); ZipInputStream z = new ZipInputStream(in)) {
            for (ZipEntry e; (e = z.getNextEntry()) != null; ) {
                entries.put(e.getName(), z.readAllBytes());
            }
        }
        return entries;
    }

    /** Writes {@code entries} as a new zip at {@code zip}. */
    static void write(Path zip, Map<String, byte[]> entries) throws IOException {
        try (OutputStream out = Files.newOutputStream(zip); ZipOutputStream z = new ZipOutputStream(out)) {
            for (Map.Entry<String, byte[]> e : entries.entrySet()) {
                z.putNextEntry(new ZipEntry(e.getKey()));
                z.write(e.getValue());
                z.closeEntry();
            }
        }
    }

    static ObjectNode description(Map<String, byte[]> entries) throws IOException {
        return (ObjectNode) JSON.readTree(entries.get(DESCRIPTION));
    }

    static void setDescription(Map<String, byte[]> entries, ObjectNode description) throws IOException {
        entries.put(DESCRIPTION, JSON.writeValueAsBytes(description));
    }

    /** Replaces (or adds) an .npy entry and updates its shape and SHA-256 in the description. */
    static void putArray(Map<String, byte[]> entries, String name, float[] data, int... shape) throws IOException {
        byte[] bytes = npy(data, shape);
        entries.put(name, bytes);
        ObjectNode d = description(entries);
        ObjectNode info = ((ObjectNode) d.get("entries")).putObject(name);
        var dims = info.putArray("shape");
        for (int s : shape) {
            dims.add(s);
        }
        info.put("dtype", "float32");
        info.put("sha256", sha256(bytes));
        setDescription(entries, d);
    }

    /** A minimal version-1.0 .npy encoding (little-endian float32, C order). */
    static byte[] npy(float[] data, int... shape) {
        StringBuilder t = new StringBuilder("(");
        for (int i = 0; i < shape.length; i++) {
            t.append(i > 0 ? ", " : "").append(shape[i]);
        }
        t.append(shape.length == 1 ? ",)" : ")");
        String dict = "{'descr': '<f4', 'fortran_order': False, 'shape': " + t + ", }";
        int pad = 64 - (10 + dict.length() + 1) % 64;
        byte[] header = (dict + " ".repeat(pad % 64) + "\n").getBytes(StandardCharsets.US_ASCII);
        ByteBuffer b = ByteBuffer.allocate(10 + header.length + 4 * data.length).order(ByteOrder.LITTLE_ENDIAN);
        b.put((byte) 0x93).put("NUMPY".getBytes(StandardCharsets.US_ASCII)).put((byte) 1).put((byte) 0);
        b.putShort((short) header.length).put(header);
        for (float f : data) {
            b.putFloat(f);
        }
        return b.array();
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }
}
