package io.neurite.data.source;

import java.net.URI;
import java.util.List;
import java.util.Locale;

/**
 * One file of a published data set: its canonical (gzipped) name, where to download it, and the SHA-256 that
 * a download must have.
 *
 * <p>Two digests are kept. {@code sha256} is that of the file exactly as the official server sends it.
 * {@code contentSha256} is that of its decompressed content, which stays the same when a mirror or a
 * distribution package recompresses the file (Debian's {@code dataset-fashion-mnist} does: its gzip headers
 * differ from the originals, its content does not). A download is accepted when either matches.
 *
 * @param fileName      canonical file name, e.g. {@code train-images-idx3-ubyte.gz}
 * @param url           where to download it
 * @param sha256        lower-case hex SHA-256 of the file as served
 * @param contentSha256 lower-case hex SHA-256 of the decompressed content, or null if unknown
 */
public record RemoteFile(String fileName, URI url, String sha256, String contentSha256) {

    public RemoteFile {
        if (fileName == null || fileName.isBlank() || fileName.contains("/") || fileName.contains("\\")) {
            throw new IllegalArgumentException("RemoteFile: fileName must be a plain file name but was " + fileName);
        }
        if (url == null) {
            throw new IllegalArgumentException("RemoteFile " + fileName + ": url is required");
        }
        sha256 = hex(fileName, "sha256", sha256);
        contentSha256 = contentSha256 == null ? null : hex(fileName, "contentSha256", contentSha256);
    }

    /**
     * The names under which the file is accepted in a directory, in order of preference: the canonical name,
     * the name without {@code .gz} (un-gzipped), and the same with MNIST's dotted variant
     * ({@code train-images.idx3-ubyte}) that some archives use. The reader detects gzip by content, so any of
     * them may be gzipped or raw.
     */
    public List<String> acceptedNames() {
        String raw = fileName.endsWith(".gz") ? fileName.substring(0, fileName.length() - 3) : fileName;
        String dotted = raw.replace("-idx", ".idx");
        return dotted.equals(raw) ? List.of(fileName, raw) : List.of(fileName, raw, dotted);
    }

    private static String hex(String fileName, String what, String value) {
        String v = value == null ? "" : value.toLowerCase(Locale.ROOT);
        if (!v.matches("[0-9a-f]{64}")) {
            throw new IllegalArgumentException("RemoteFile " + fileName + ": " + what
                    + " must be 64 hex digits but was " + value);
        }
        return v;
    }
}
