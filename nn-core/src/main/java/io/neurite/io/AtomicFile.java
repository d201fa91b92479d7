package io.neurite.io;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

/**
 * Replaces a file all at once, so that a crash at any moment (an exception, a full disk, {@code kill -9},
 * a power loss) leaves either the previous file or the complete new one at the path, never a mixture.
 * Every file Neurite writes for the user goes through it: model files, training histories, checkpoints.
 *
 * <p>How: the content goes to a hidden temporary file {@code .NAME.neurite-RANDOM.tmp} in the same directory (so the
 * rename never crosses file systems), which is flushed to the disk ({@code fsync}) and then renamed over the
 * target with {@link StandardCopyOption#ATOMIC_MOVE}; then the directory is synced where the platform allows
 * it (Linux, macOS), so that the rename itself survives a power loss. On an exception the temporary file is
 * deleted and the target is untouched.
 *
 * <p>A process killed during a save cannot delete its temporary file. The next successful save to the same
 * path deletes every such leftover of that path: a temporary file whose writer is gone. A writer holds a lock
 * on its temporary file from creation to rename, and the operating system releases the lock when the process
 * dies, so a concurrent save by another thread or process is never disturbed.
 *
 * <p>Thread-safe; concurrent saves to one path each replace the file whole, and the last rename wins.
 */
public final class AtomicFile {

    /** Writes the content of a file to a stream; the stream is flushed and closed by {@link AtomicFile}. */
    @FunctionalInterface
    public interface Content {
        void writeTo(OutputStream out) throws IOException;
    }

    private static final String TEMP_SUFFIX = ".tmp";
    /** The temporary files saves in this JVM are writing now, which clean-up must not even open. */
    private static final Set<Path> WRITING = ConcurrentHashMap.newKeySet();

    private AtomicFile() {
    }

    /** Writes {@code text} as UTF-8 to {@code target}, replacing any existing file atomically. */
    public static void writeString(Path target, String text) throws IOException {
        Objects.requireNonNull(text, "text");
        write(target, out -> out.write(text.getBytes(StandardCharsets.UTF_8)));
    }

    /**
     * Writes {@code content} to {@code target}, replacing any existing file atomically, then deletes the
     * temporary files that earlier, interrupted saves to {@code target} left behind.
     *
     * @throws IOException when the content cannot be written or renamed (the previous file is then unchanged),
     *     or when it throws one
     */
    public static void write(Path target, Content content) throws IOException {
        Objects.requireNonNull(content, "content");
        Path absolute = target.toAbsolutePath();
        Path dir = absolute.getParent();
        String name = absolute.getFileName().toString();
        Path temp = dir.resolve(tempPrefix(name) + Long.toUnsignedString(ThreadLocalRandom.current().nextLong(), 36)
                + TEMP_SUFFIX);
        boolean moved = false;
        WRITING.add(temp);
        // CREATE_NEW refuses to reuse any existing file. The lock tells other processes the file is alive.
        try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
             FileLock lock = channel.lock()) {
            if (!Files.exists(temp)) {
                // Another process's clean-up took it between its creation and the lock: the save fails cleanly.
                throw new IOException("the temporary file " + temp + " was deleted while this save was writing it;"
                        + " save again");
            }
            OutputStream out = new BufferedOutputStream(Channels.newOutputStream(channel), 1 << 16);
            content.writeTo(out);
            out.flush();
            channel.force(true);
            try {
                Files.move(temp, absolute, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                // Cannot happen within one directory on the platforms we know; a plain replace is the best left.
                Files.move(temp, absolute, StandardCopyOption.REPLACE_EXISTING);
            }
            moved = true;
        } finally {
            try {
                if (!moved) {
                    Files.deleteIfExists(temp);
                }
            } finally {
                WRITING.remove(temp);
            }
        }
        syncDirectory(dir);
        deleteLeftovers(dir, name);
    }

    /** Whether {@code file} is named like a temporary file of a save to {@code target}. */
    static boolean isTemporaryFileOf(Path file, Path target) {
        return leftoverPattern(target.getFileName().toString()).matcher(file.getFileName().toString()).matches();
    }

    private static String tempPrefix(String name) {
        return "." + name + ".neurite-";
    }

    private static Pattern leftoverPattern(String name) {
        return Pattern.compile(Pattern.quote(tempPrefix(name)) + "[0-9a-z]{1,13}" + Pattern.quote(TEMP_SUFFIX));
    }

    /**
     * Deletes the temporary files of {@code name} whose writer is gone. Never fails the save that calls it; a
     * leftover that cannot be deleted now is deleted by a later save.
     */
    private static void deleteLeftovers(Path dir, String name) {
        Pattern leftover = leftoverPattern(name);
        DirectoryStream.Filter<Path> filter = p -> leftover.matcher(p.getFileName().toString()).matches();
        try (DirectoryStream<Path> candidates = Files.newDirectoryStream(dir, filter)) {
            for (Path candidate : candidates) {
                if (!WRITING.contains(candidate)) {
                    deleteIfAbandoned(candidate);
                }
            }
        } catch (IOException | RuntimeException e) {
            // Listing the directory failed (permissions, say): the save itself is done.
        }
    }

    /**
     * Deletes {@code temp} if no process holds its lock. Only called for files no save in this JVM is writing:
     * closing a channel may drop every lock this process holds on the file, so a live one is never opened.
     */
    private static void deleteIfAbandoned(Path temp) {
        try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (OverlappingFileLockException e) {
                return; // cannot happen for a file not in WRITING; leave it to be safe
            }
            if (lock == null) {
                return; // another process is writing it
            }
            try {
                Files.deleteIfExists(temp);
            } finally {
                lock.release();
            }
        } catch (NoSuchFileException e) {
            // renamed or deleted meanwhile by its writer
        } catch (IOException e) {
            // cannot open it for writing (permissions): leave it
        }
    }

    private static void syncDirectory(Path dir) {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // Windows cannot open a directory as a channel; the rename is still atomic there.
        }
    }
}
