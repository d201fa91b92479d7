package io.neurite.bench;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Platform;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * Gives the {@code nd4j-raw} and {@code dl4j} forks the OpenMP environment that Neurite's ND4J backend
 * gives itself (see {@code io.neurite.backend.nd4j.OpenMpEnvironment}): {@code OMP_WAIT_POLICY=PASSIVE}
 * and {@code OMP_NUM_THREADS=threads}, put into the C environment with libc's {@code setenv} before
 * ND4J loads libgomp, which reads them only then. Without it, libgomp's idle threads spin after every
 * parallel region and take the CPU that OpenBLAS's threads need next (docs/architecture.md, "Known pitfalls"), and the
 * comparison would measure that rather than the libraries. Variables already set by the user win.
 */
final class OpenMpEnv {
    static final String WAIT_POLICY = "OMP_WAIT_POLICY";
    static final String NUM_THREADS = "OMP_NUM_THREADS";
    /**
     * {@code -Dneurite.bench.openmp=unchanged} leaves ND4J's OpenMP defaults (busy-waiting threads), to
     * measure what these settings are worth: pass it with {@code -jvmArgsAppend}.
     */
    static final String PROPERTY = "neurite.bench.openmp";

    private OpenMpEnv() {
    }

    /** Sets both variables unless already set or libgomp is already loaded; returns what happened. */
    static String prepare(int threads) {
        if ("unchanged".equalsIgnoreCase(System.getProperty(PROPERTY, "").trim())) {
            return "OpenMP environment unchanged (-D" + PROPERTY + "=unchanged)";
        }
        String loaded = loadedNative();
        if (loaded != null) {
            return "OpenMP environment unchanged (" + loaded + " already loaded)";
        }
        return set(WAIT_POLICY, "PASSIVE") + ", " + set(NUM_THREADS, Integer.toString(threads));
    }

    private static String set(String name, String value) {
        String before = System.getenv(name);
        if (before != null && !before.isBlank()) {
            return name + "=" + before + " (from the environment)";
        }
        if (Platform.isWindows()) {
            return name + " not set (Windows: set it before starting Java)";
        }
        int rc = Libc.INSTANCE.setenv(name, value, 0);
        return name + "=" + value + (rc == 0 ? " (set in-process)" : " (setenv failed: " + rc + ")");
    }

    /** libgomp or libnd4jcpu if this process has mapped it already (Linux; elsewhere null). */
    private static String loadedNative() {
        Path maps = Path.of("/proc/self/maps");
        if (!Files.isReadable(maps)) {
            return null;
        }
        try (Stream<String> lines = Files.lines(maps)) {
            return lines.map(l -> l.substring(l.lastIndexOf('/') + 1))
                    .filter(n -> n.startsWith("libgomp") || n.startsWith("libnd4jcpu")).findFirst().orElse(null);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** JNA binding of POSIX setenv; public because JNA proxies it. */
    public interface Libc extends Library {
        Libc INSTANCE = (Libc) Native.loadLibrary(Platform.C_LIBRARY_NAME, Libc.class);

        int setenv(String name, String value, int overwrite);
    }
}
