package io.neurite.backend.nd4j;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.neurite.discovery.Backends;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs a main class of these tests in a fresh JVM — needed wherever the native libraries' one-time set-up is
 * under test — with the Neurite and OpenMP environment variables cleared, and fails on a non-zero exit or
 * after a timeout (a hang).
 */
final class ChildJvm {
    private static final List<String> CLEARED = List.of(Backends.ENVIRONMENT, "OMP_WAIT_POLICY", "OMP_NUM_THREADS",
            "GOMP_SPINCOUNT", "OMP_DISPLAY_ENV", "OPENBLAS_NUM_THREADS");

    private ChildJvm() {
    }

    /** The test class path (surefire runs tests from a manifest-only jar, so java.class.path is not it). */
    static String classPath() {
        return System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    }

    static String run(String classPath, List<String> jvmArgs, Map<String, String> env, Class<?> main, String... args)
            throws Exception {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmArgs);
        command.addAll(List.of("-Dorg.slf4j.simpleLogger.defaultLogLevel=warn", "-cp", classPath, main.getName()));
        command.addAll(List.of(args));
        Path log = Files.createTempFile("neurite-child-jvm", ".log");
        try {
            ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
            CLEARED.forEach(pb.environment()::remove);
            pb.environment().putAll(env);
            Process p = pb.start();
            boolean done = p.waitFor(5, TimeUnit.MINUTES);
            if (!done) {
                p.destroyForcibly().waitFor();
            }
            String out = Files.readString(log);
            if (!done) {
                throw new AssertionError("the child JVM did not finish in 5 minutes (hung?): " + command + "\n" + out);
            }
            assertEquals(0, p.exitValue(), String.join(" ", command) + "\n" + out);
            return out;
        } finally {
            Files.deleteIfExists(log);
        }
    }

    /** {@link #classPath()} without the entries whose file name starts with {@code prefix}; fails if none does. */
    static String classPathWithout(String prefix) {
        List<String> kept = new ArrayList<>();
        int removed = 0;
        for (String entry : classPath().split(File.pathSeparator)) {
            if (Path.of(entry).getFileName().toString().startsWith(prefix)) {
                removed++;
            } else {
                kept.add(entry);
            }
        }
        if (removed == 0) {
            throw new AssertionError("no class path entry starts with " + prefix + ": " + classPath());
        }
        return String.join(File.pathSeparator, kept);
    }
}
