package io.neurite.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link AtomicFile} in one JVM; the SIGKILL test is {@code CrashSafeSaveTest} in the pure backend. */
class AtomicFileTest {
    @TempDir
    Path dir;

    @Test
    void replacesTheFileAndLeavesNothingElse() throws IOException {
        Path target = dir.resolve("history.csv");
        AtomicFile.writeString(target, "one");
        AtomicFile.writeString(target, "two");
        assertEquals("two", Files.readString(target));
        assertEquals(List.of(target), files());
    }

    @Test
    void aFailingContentLeavesThePreviousFileAndNoTemporaryFile() throws IOException {
        Path target = dir.resolve("model.zip");
        AtomicFile.writeString(target, "previous");
        IOException e = assertThrows(IOException.class, () -> AtomicFile.write(target, out -> {
            out.write(new byte[100_000]);
            throw new IOException("disk full");
        }));
        assertEquals("disk full", e.getMessage());
        assertEquals("previous", Files.readString(target));
        assertEquals(List.of(target), files());
    }

    @Test
    void theNextSaveDeletesWhatAKilledSaveLeftOfTheSamePathOnly() throws IOException {
        Path target = dir.resolve("model.zip");
        // What a save killed before its rename leaves: our naming, and nobody holds its lock.
        Path leftover = Files.writeString(dir.resolve(".model.zip.neurite-3k2j9x0abc.tmp"), "half");
        Path otherTarget = Files.writeString(dir.resolve(".other.zip.neurite-3k2j9x0abc.tmp"), "half");
        Path notOurs = Files.writeString(dir.resolve(".model.zip.backup.tmp"), "user's");
        Path notOursEither = Files.writeString(dir.resolve(".model.zip.neurite-UPPER.tmp"), "user's");
        Path alsoNotOurs = Files.writeString(dir.resolve("model.zip.tmp"), "user's");
        assertTrue(AtomicFile.isTemporaryFileOf(leftover, target));
        assertFalse(AtomicFile.isTemporaryFileOf(notOurs, target));

        AtomicFile.writeString(target, "new");

        assertFalse(Files.exists(leftover), "the leftover of a killed save to this path is deleted");
        assertTrue(Files.exists(otherTarget), "a leftover of another path waits for a save to that path");
        assertTrue(Files.exists(notOurs) && Files.exists(alsoNotOurs) && Files.exists(notOursEither), "files we did not name are never touched");
        assertEquals("new", Files.readString(target));
    }

    @Test
    void aSaveStillWritingIsNotDisturbedByAnotherSaveToTheSamePath() throws Exception {
        Path target = dir.resolve("model.zip");
        CountDownLatch writing = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            Future<?> slow = pool.submit(() -> {
                AtomicFile.write(target, out -> {
                    out.write("slow, ".getBytes(StandardCharsets.UTF_8));
                    writing.countDown();
                    try {
                        assertTrue(release.await(1, TimeUnit.MINUTES));
                    } catch (InterruptedException e) {
                        throw new IOException(e);
                    }
                    out.write("finished".getBytes(StandardCharsets.UTF_8));
                });
                return null;
            });
            assertTrue(writing.await(1, TimeUnit.MINUTES));
            AtomicFile.writeString(target, "fast"); // cleans leftovers: must skip the slow save's live temp
            assertEquals("fast", Files.readString(target));
            release.countDown();
            slow.get(1, TimeUnit.MINUTES);
            assertEquals("slow, finished", Files.readString(target), "the last rename wins, whole");
            assertEquals(List.of(target), files());
        } finally {
            release.countDown();
            pool.shutdownNow();
        }
    }

    private List<Path> files() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.sorted().toList();
        }
    }
}
