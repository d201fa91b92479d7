package io.neurite.data.source;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.zip.GZIPInputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Downloads a {@link RemoteFile} into a directory so that the target either appears complete and verified or
 * not at all: the bytes go to a temporary file in the same directory, are hashed while they stream, are
 * flushed to disk, and only when the SHA-256 matches is the temporary file moved onto the target name (an
 * atomic rename where the file system supports it). A failed, interrupted or mismatching download leaves
 * nothing behind but, at worst, a hidden {@code .part} file.
 */
public final class VerifiedDownload {
    private static final Logger LOG = LoggerFactory.getLogger(VerifiedDownload.class);
    private static final int BUFFER = 1 << 16;

    private VerifiedDownload() {
    }

    /**
     * Downloads {@code file} into {@code directory}/{@code file.fileName()} and returns that path.
     *
     * @throws ChecksumMismatchException if neither the file's SHA-256 nor that of its content is the published one
     * @throws IOException               if the download or the write fails
     */
    public static Path fetch(Downloader downloader, RemoteFile file, Path directory) throws IOException {
        Files.createDirectories(directory);
        Path target = directory.resolve(file.fileName());
        Path part = Files.createTempFile(directory, "." + file.fileName() + ".", ".part");
        try {
            long started = System.nanoTime();
            LOG.info("Downloading {} to {}", file.url(), target);
            MessageDigest digest = sha256();
            long bytes;
            try (InputStream in = new DigestInputStream(downloader.open(file.url()), digest);
                 OutputStream out = Files.newOutputStream(part, StandardOpenOption.TRUNCATE_EXISTING)) {
                bytes = in.transferTo(out);
            }
            try (FileChannel channel = FileChannel.open(part, StandardOpenOption.WRITE)) {
                channel.force(true); // on disk before the rename makes it visible
            }
            String actual = HexFormat.of().formatHex(digest.digest());
            if (!actual.equals(file.sha256()) && !contentMatches(file, part, actual)) {
                throw new ChecksumMismatchException("Download of " + file.url() + " has SHA-256 " + actual + " ("
                        + bytes + " bytes) but the published SHA-256 is " + file.sha256()
                        + (file.contentSha256() != null ? " (or " + file.contentSha256() + " for its decompressed"
                        + " content)" : "") + "; the file was discarded. The server or a proxy sent other bytes"
                        + " (an error page, a cut-off or altered file): try again later, or get the file another way");
            }
            move(part, target);
            LOG.info("Downloaded and verified {} ({} bytes, {} ms)", target, bytes,
                    (System.nanoTime() - started) / 1_000_000);
            return target;
        } finally {
            Files.deleteIfExists(part);
        }
    }

    /** The lower-case hex SHA-256 of a file's bytes. */
    public static String sha256(Path file) throws IOException {
        MessageDigest digest = sha256();
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), digest)) {
            in.transferTo(OutputStream.nullOutputStream());
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    /** The lower-case hex SHA-256 of a file's content: decompressed if it is gzipped, else its bytes. */
    public static String contentSha256(Path file) throws IOException {
        if (!IdxReader.isGzip(file)) {
            return sha256(file);
        }
        MessageDigest digest = sha256();
        try (InputStream in = new DigestInputStream(new GZIPInputStream(Files.newInputStream(file), BUFFER), digest)) {
            in.transferTo(OutputStream.nullOutputStream());
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    private static boolean contentMatches(RemoteFile file, Path part, String fileSha256) {
        if (file.contentSha256() == null) {
            return false;
        }
        if (fileSha256.equals(file.contentSha256())) {
            return true; // served uncompressed
        }
        try {
            return contentSha256(part).equals(file.contentSha256());
        } catch (IOException notGzipOrCorrupt) {
            return false;
        }
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every Java platform", e);
        }
    }
}
