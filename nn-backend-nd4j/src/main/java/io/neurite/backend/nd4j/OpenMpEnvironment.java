package io.neurite.backend.nd4j;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Platform;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Puts the OpenMP settings into this process's native environment before ND4J loads libnd4jcpu and its
 * libgomp.
 *
 * <p>Why: libnd4j parallelises with OpenMP (GNU libgomp) while its gemm runs on OpenBLAS's own pthreads.
 * By default an idle libgomp worker busy-waits (GOMP_SPINCOUNT 300,000) after every parallel region, so
 * on a machine with few cores it burns the CPU OpenBLAS needs next: a DL4J MLP trained 3–4× slower
 * (issue 3). libgomp reads {@code OMP_WAIT_POLICY} and {@code OMP_NUM_THREADS} only once, from the C
 * environment, when the library is loaded; {@code Nd4j.getEnvironment().setMaxThreads(1)} afterwards
 * does not help. Java cannot change its own environment, so this class calls the C library's
 * {@code setenv} through JNA (which ND4J already depends on, via oshi). Variables the user has set are
 * left alone ({@code overwrite = 0}). {@code setenv} is not safe against a concurrent {@code getenv} in
 * native code; it runs once per process, before Neurite's native libraries load. Java's own
 * {@link System#getenv} is a snapshot taken at start-up and does not see these values.
 *
 * <p>{@code OPENBLAS_NUM_THREADS} is deliberately not set: {@code OPENBLAS_NUM_THREADS=1} made ND4J
 * M2.1 hang in its first gemm; OpenBLAS's threads are set after loading, through ND4J.
 *
 * <p>Verified on this machine by also setting {@code OMP_DISPLAY_ENV=VERBOSE}: libgomp then reported
 * {@code GOMP_SPINCOUNT = '0'} (passive) instead of {@code '300000'}.
 */
final class OpenMpEnvironment {
    /**
     * Diagnostic switch: {@code -Dneurite.nd4j.openmp=unchanged} leaves the environment as ND4J would have
     * it (for measuring the difference); anything else, or unset, applies the settings.
     */
    static final String PROPERTY = "neurite.nd4j.openmp";
    static final String WAIT_POLICY = "OMP_WAIT_POLICY";
    static final String NUM_THREADS = "OMP_NUM_THREADS";

    /** What was done, for {@code describe()} and the log: e.g. {@code OMP_WAIT_POLICY=PASSIVE (set in-process)}. */
    record Outcome(boolean applied, String summary, String warning) {
    }

    private OpenMpEnvironment() {
    }

    /** The variables Neurite wants before libgomp loads, in order. */
    static Map<String, String> wanted(int threads) {
        Map<String, String> vars = new LinkedHashMap<>();
        vars.put(WAIT_POLICY, "PASSIVE");
        vars.put(NUM_THREADS, Integer.toString(threads));
        return vars;
    }

    /** Sets the variables unless libgomp is already loaded; never throws. */
    static Outcome prepare(int threads) {
        Map<String, String> vars = wanted(threads);
        String advice = "set them before starting Java: " + assignments(vars);
        if ("unchanged".equalsIgnoreCase(System.getProperty(PROPERTY, "").trim())) {
            return new Outcome(false, "OpenMP environment left unchanged (-D" + PROPERTY + "=unchanged)", null);
        }
        String loaded = nativeAlreadyLoaded();
        if (loaded != null) {
            return new Outcome(false, "OpenMP environment not changed (" + loaded + " was already loaded)",
                    "ND4J's native library (" + loaded + ") was loaded before Neurite could configure OpenMP, so its"
                            + " threads may busy-wait and slow training down; " + advice);
        }
        try {
            CLibrary libc = CLibrary.load();
            List<String> parts = new ArrayList<>();
            for (Map.Entry<String, String> e : vars.entrySet()) {
                String before = System.getenv(e.getKey());
                if (before != null && !before.isBlank()) {
                    parts.add(e.getKey() + "=" + before + " (from the environment)");
                    continue;
                }
                libc.set(e.getKey(), e.getValue());
                parts.add(e.getKey() + "=" + e.getValue() + " (set in-process)");
            }
            return new Outcome(true, String.join(", ", parts), null);
        } catch (Throwable t) { // JNA missing or unable to load its stub: training still works, only slower
            return new Outcome(false, "OpenMP environment not changed (" + t + ")",
                    "Neurite could not set the OpenMP environment in-process (" + t + "); ND4J's OpenMP threads may"
                            + " busy-wait and slow training down; " + advice);
        }
    }

    static String assignments(Map<String, String> vars) {
        StringBuilder sb = new StringBuilder();
        for (Map.Entry<String, String> e : vars.entrySet()) {
            sb.append(sb.length() == 0 ? "" : " ").append(e.getKey()).append('=').append(e.getValue());
        }
        return sb.toString();
    }

    /**
     * The file name of libgomp or libnd4jcpu if this process has already mapped it (Linux only; elsewhere
     * null, i.e. assume not loaded).
     */
    static String nativeAlreadyLoaded() {
        Path maps = Path.of("/proc/self/maps");
        if (!Files.isReadable(maps)) {
            return null;
        }
        try (Stream<String> lines = Files.lines(maps)) {
            return lines.map(l -> l.substring(l.lastIndexOf('/') + 1))
                    .filter(name -> name.startsWith("libgomp") || name.startsWith("libnd4jcpu"))
                    .findFirst().orElse(null);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** The C library's environment setter: POSIX {@code setenv}, or {@code _putenv_s} on Windows. */
    private interface CLibrary {
        void set(String name, String value);

        static CLibrary load() {
            if (Platform.isWindows()) {
                WindowsCrt crt = (WindowsCrt) Native.loadLibrary("msvcrt", WindowsCrt.class);
                return (name, value) -> check(crt._putenv_s(name, value), name);
            }
            PosixC c = (PosixC) Native.loadLibrary(Platform.C_LIBRARY_NAME, PosixC.class);
            return (name, value) -> check(c.setenv(name, value, 0), name);
        }

        private static void check(int rc, String name) {
            if (rc != 0) {
                throw new IllegalStateException("setenv(" + name + ") returned " + rc);
            }
        }
    }

    /** JNA binding; public because JNA proxies it. */
    public interface PosixC extends Library {
        int setenv(String name, String value, int overwrite);
    }

    /** JNA binding; public because JNA proxies it. */
    public interface WindowsCrt extends Library {
        int _putenv_s(String name, String value);
    }
}
