package io.neurite.data.source;

import static io.neurite.data.source.IdxTestFiles.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The search order, the download step and the messages, all on temporary directories and offline. */
class DatasetLocatorTest {
    @TempDir
    Path tmp;

    private static final byte[] A = "content of a".getBytes(StandardCharsets.UTF_8);
    private static final byte[] B = "content of b".getBytes(StandardCharsets.UTF_8);
    private static final List<RemoteFile> TOY = List.of(
            new RemoteFile("a-idx1-ubyte.gz", URI.create("http://example.invalid/a-idx1-ubyte.gz"), sha(A), null),
            new RemoteFile("b-idx1-ubyte.gz", URI.create("http://example.invalid/b-idx1-ubyte.gz"), sha(B), null));

    private final Map<String, String> env = new HashMap<>();
    private final List<URI> downloads = new ArrayList<>();

    /** Serves A and B, recording each request. */
    private final Downloader server = url -> {
        downloads.add(url);
        return new ByteArrayInputStream(url.getPath().startsWith("/a") ? A : B);
    };

    private Path home() {
        return tmp.resolve("home");
    }

    private Path cache() {
        return home().resolve(".neurite/datasets/toy");
    }

    private Path system() {
        return tmp.resolve("usr-share-datasets/toy");
    }

    private DatasetLocator.Builder toy() {
        return DatasetLocator.builder("Toy", "toy", TOY).environment(env::get).userHome(home())
                .systemDirectory(system()).systemPackage("dataset-toy").downloader(server);
    }

    private static void complete(Path dir) {
        write(dir.resolve("a-idx1-ubyte.gz"), A);
        write(dir.resolve("b-idx1-ubyte.gz"), B);
    }

    @Test
    void searchesExplicitThenEnvironmentThenCacheThenSystemThenDownloads() throws IOException {
        Path explicit = tmp.resolve("explicit");
        Path envDir = tmp.resolve("env");
        for (Path p : List.of(explicit, envDir, cache(), system())) {
            complete(p);
        }
        env.put("NEURITE_DATA", envDir.toString());

        DatasetLocator.LocatedFiles found = toy().explicitDirectory(explicit).build().locate();
        assertEquals(explicit, found.directory());
        assertEquals("the directory given explicitly", found.origin());
        assertEquals(explicit.resolve("a-idx1-ubyte.gz"), found.path(TOY.get(0)));

        assertEquals(envDir, toy().build().locate().directory());
        assertEquals("$NEURITE_DATA", toy().build().locate().origin());

        env.remove("NEURITE_DATA");
        assertEquals(cache(), toy().build().locate().directory());

        deleteTree(cache());
        DatasetLocator.LocatedFiles fromSystem = toy().build().locate();
        assertEquals(system(), fromSystem.directory());
        assertEquals("the package dataset-toy", fromSystem.origin());

        deleteTree(system());
        assertTrue(downloads.isEmpty(), "nothing is downloaded while a directory has the files");
        DatasetLocator.LocatedFiles downloaded = toy().build().locate();
        assertEquals(cache(), downloaded.directory());
        assertEquals("a download into the cache", downloaded.origin());
        assertEquals(List.of(TOY.get(0).url(), TOY.get(1).url()), downloads);
        assertEquals("content of b", Files.readString(cache().resolve("b-idx1-ubyte.gz")));

        // Now cached: a second search downloads nothing.
        assertEquals(cache(), toy().build().locate().directory());
        assertEquals(2, downloads.size());
    }

    @Test
    void environmentMayNameADataRootWithASubdirectory() throws IOException {
        Path root = tmp.resolve("data-root");
        complete(root.resolve("toy"));
        env.put("NEURITE_DATA", root.toString());
        assertEquals(root.resolve("toy"), toy().build().locate().directory());
    }

    @Test
    void acceptsUngzippedAndDottedNames() throws IOException {
        Path dir = tmp.resolve("raw");
        write(dir.resolve("a-idx1-ubyte"), A);
        write(dir.resolve("b.idx1-ubyte"), B);
        DatasetLocator.LocatedFiles found = toy().explicitDirectory(dir).build().locate();
        assertEquals(dir.resolve("a-idx1-ubyte"), found.path(TOY.get(0)));
        assertEquals(dir.resolve("b.idx1-ubyte"), found.path(TOY.get(1)));
    }

    @Test
    void incompleteDirectoriesAreSkippedAndReported() throws IOException {
        Path envDir = tmp.resolve("env");
        write(envDir.resolve("a-idx1-ubyte.gz"), A);
        env.put("NEURITE_DATA", envDir.toString());
        write(cache().resolve("b-idx1-ubyte.gz"), B); // a previous, partial download
        complete(system());
        assertEquals(system(), toy().build().locate().directory(), "incomplete env and cache are passed over");

        deleteTree(system());
        assertEquals(cache(), toy().build().locate().directory());
        assertEquals(List.of(TOY.get(0).url()), downloads, "only the missing file is downloaded");
    }

    @Test
    void anIncompleteExplicitDirectoryIsAnErrorNotAFallThrough() {
        Path dir = tmp.resolve("mine");
        write(dir.resolve("a-idx1-ubyte.gz"), A);
        write(dir.resolve("notes.txt"), A);
        complete(system());
        DataNotFoundException e = assertThrows(DataNotFoundException.class,
                () -> toy().explicitDirectory(dir).build().locate());
        String m = e.getMessage();
        for (String part : List.of(dir.toString(), "lacks b-idx1-ubyte.gz", "It contains: a-idx1-ubyte.gz, notes.txt",
                "apt-get install -y dataset-toy", "--data DIR", "http://example.invalid/b-idx1-ubyte.gz")) {
            assertTrue(m.contains(part), "should mention '" + part + "': " + m);
        }
        DataNotFoundException missing = assertThrows(DataNotFoundException.class,
                () -> toy().explicitDirectory(tmp.resolve("typo")).build().locate());
        assertTrue(missing.getMessage().contains("does not exist"), missing.getMessage());
        assertTrue(downloads.isEmpty());
    }

    @Test
    void offlineErrorListsEveryPlaceAndSaysExactlyHowToGetFashionMnist() {
        Downloader offline = url -> {
            throw new IOException("GET " + url + ": cannot connect to " + url.getHost() + " (offline, or the name"
                    + " does not resolve?)");
        };
        DatasetLocator locator = FashionMnist.locator().environment(env::get).userHome(home())
                .systemDirectory(tmp.resolve("none/fashion-mnist")).downloader(offline).build();
        DataNotFoundException e = assertThrows(DataNotFoundException.class, locator::locate);
        String m = e.getMessage();
        List<String> parts = new ArrayList<>(List.of(
                "Fashion-MNIST is not on this machine and could not be downloaded",
                "train-images-idx3-ubyte.gz, train-labels-idx1-ubyte.gz, t10k-images-idx3-ubyte.gz,"
                        + " t10k-labels-idx1-ubyte.gz (each gzipped or not)",
                "1. an explicit directory (--data DIR): none given",
                "2. $NEURITE_DATA: not set",
                "3. " + home().resolve(".neurite/datasets/fashion-mnist") + " (the cache): does not exist",
                "4. " + tmp.resolve("none/fashion-mnist") + " (the package dataset-fashion-mnist): does not exist",
                "5. download into", "cannot connect to fashion-mnist.s3-website.eu-central-1.amazonaws.com",
                "apt-get install -y dataset-fashion-mnist",
                "--data DIR or set NEURITE_DATA=DIR"));
        for (RemoteFile f : FashionMnist.FILES) {
            parts.add("      " + f.url());
        }
        for (String part : parts) {
            assertTrue(m.contains(part), "should mention '" + part + "':\n" + m);
        }
        assertFalse(Files.exists(home().resolve(".neurite/datasets/fashion-mnist")), "no empty cache left behind");
    }

    @Test
    void offlineEnvironmentVariableTurnsDownloadsOff() {
        env.put("NEURITE_OFFLINE", "1");
        Downloader mustNotRun = url -> fail("downloaded " + url + " although NEURITE_OFFLINE is set");
        DataNotFoundException e = assertThrows(DataNotFoundException.class,
                () -> toy().downloader(mustNotRun).build().locate());
        assertTrue(e.getMessage().contains("download: turned off by NEURITE_OFFLINE=1"), e.getMessage());
        DataNotFoundException none = assertThrows(DataNotFoundException.class,
                () -> toy().downloader(null).environment(k -> null).build().locate());
        assertTrue(none.getMessage().contains("download: turned off"), none.getMessage());
    }

    @Test
    void aDownloadWithTheWrongChecksumIsRejectedAndNothingIsCached() throws IOException {
        Path local = write(tmp.resolve("served-b"), "tampered".getBytes(StandardCharsets.UTF_8));
        Downloader wrong = url -> url.getPath().startsWith("/a") ? new ByteArrayInputStream(A)
                : Files.newInputStream(local);
        ChecksumMismatchException e = assertThrows(ChecksumMismatchException.class,
                () -> toy().downloader(wrong).build().locate());
        String m = e.getMessage();
        assertTrue(m.contains(TOY.get(1).sha256()) && m.contains(sha(Files.readAllBytes(local)))
                && m.contains("discarded") && m.contains("apt-get install -y dataset-toy"), m);
        assertTrue(Files.exists(cache().resolve("a-idx1-ubyte.gz")), "the good file is kept");
        try (Stream<Path> files = Files.list(cache())) {
            assertEquals(List.of("a-idx1-ubyte.gz"), files.map(p -> p.getFileName().toString()).toList(),
                    "no rejected file and no .part left behind");
        }
    }

    static String sha(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
