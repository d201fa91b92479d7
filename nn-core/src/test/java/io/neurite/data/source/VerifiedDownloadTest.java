package io.neurite.data.source;

import static io.neurite.data.source.DatasetLocatorTest.sha;
import static io.neurite.data.source.IdxTestFiles.gzip;
import static io.neurite.data.source.IdxTestFiles.write;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VerifiedDownloadTest {
    @TempDir
    Path tmp;

    private static final byte[] CONTENT = IdxTestFiles.labels(100, 10);
    private static final URI URL = URI.create("http://example.invalid/labels-idx1-ubyte.gz");

    private Path cache() {
        return tmp.resolve("cache");
    }

    private List<String> cacheListing() throws IOException {
        try (Stream<Path> s = Files.list(cache())) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void keepsAFileWhoseChecksumMatches() throws IOException {
        byte[] gz = gzip(CONTENT);
        RemoteFile f = new RemoteFile("labels-idx1-ubyte.gz", URL, sha(gz), null);
        Path target = VerifiedDownload.fetch(url -> new ByteArrayInputStream(gz), f, cache());
        assertEquals(cache().resolve("labels-idx1-ubyte.gz"), target);
        assertArrayEquals(gz, Files.readAllBytes(target));
        assertEquals(List.of("labels-idx1-ubyte.gz"), cacheListing());
        assertEquals(sha(gz), VerifiedDownload.sha256(target));
        assertEquals(sha(CONTENT), VerifiedDownload.contentSha256(target));
    }

    @Test
    void rejectsALocalFileWithTheWrongChecksumAndKeepsThePreviousTarget() throws IOException {
        Path served = write(tmp.resolve("served.gz"), gzip("not the labels".getBytes(StandardCharsets.UTF_8)));
        Path previous = write(cache().resolve("labels-idx1-ubyte.gz"), "previous".getBytes(StandardCharsets.UTF_8));
        RemoteFile f = new RemoteFile("labels-idx1-ubyte.gz", URL, sha(gzip(CONTENT)), sha(CONTENT));
        ChecksumMismatchException e = assertThrows(ChecksumMismatchException.class,
                () -> VerifiedDownload.fetch(url -> Files.newInputStream(served), f, cache()));
        String m = e.getMessage();
        assertTrue(m.contains(URL.toString()) && m.contains(sha(Files.readAllBytes(served)))
                && m.contains("published SHA-256 is " + f.sha256()) && m.contains(sha(CONTENT))
                && m.contains("discarded"), m);
        assertEquals("previous", Files.readString(previous), "a failed download never touches the target");
        assertEquals(List.of("labels-idx1-ubyte.gz"), cacheListing(), "no .part file left");
    }

    @Test
    void acceptsARecompressedFileByItsContentChecksum() throws IOException {
        // Same content, other gzip bytes (as in a distribution package): the file hash differs, the content's not.
        byte[] official = gzip(CONTENT);
        byte[] repacked = official.clone();
        repacked[4] = 0x11; // the gzip header's modification time
        RemoteFile f = new RemoteFile("labels-idx1-ubyte.gz", URL, sha(official), sha(CONTENT));
        Path target = VerifiedDownload.fetch(url -> new ByteArrayInputStream(repacked), f, cache());
        assertArrayEquals(repacked, Files.readAllBytes(target));
        RemoteFile raw = new RemoteFile("labels-idx1-ubyte.gz", URL, sha(official), sha(CONTENT));
        VerifiedDownload.fetch(url -> new ByteArrayInputStream(CONTENT), raw, tmp.resolve("raw"));
    }

    @Test
    void anInterruptedDownloadLeavesNothing() throws IOException {
        RemoteFile f = new RemoteFile("labels-idx1-ubyte.gz", URL, sha(CONTENT), null);
        // Sends 50 bytes, then the connection drops (InputStream's default bulk read would swallow a
        // failure after the first byte, so the bulk read is overridden).
        Downloader dropsHalfway = url -> new InputStream() {
            private int sent;

            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0];
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (sent >= 50) {
                    throw new IOException("connection reset");
                }
                int n = Math.min(len, 50 - sent);
                java.util.Arrays.fill(b, off, off + n, (byte) 7);
                sent += n;
                return n;
            }
        };
        IOException e = assertThrows(IOException.class, () -> VerifiedDownload.fetch(dropsHalfway, f, cache()));
        assertEquals("connection reset", e.getMessage());
        assertEquals(List.of(), cacheListing());
    }
}
