package io.neurite.backend.nd4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code -Dneurite.threads} reaches libnd4j's OpenMP and OpenBLAS, the OpenMP environment is set in-process
 * before the native libraries load, a user's own setting wins, and one thread does not hang (as
 * {@code OPENBLAS_NUM_THREADS=1} did with ND4J M2.1). Each case is a fresh JVM, because libgomp reads its
 * environment only once.
 */
class Nd4jThreadsTest {
    /** 384 × 384 × 384 × 0.25: every element of C is 384 × 0.5 × 0.5 = 96. */
    private static final String GEMM = "gemm=" + (384f * 384f * 96f);

    @Test
    void oneThread() throws Exception {
        String out = describe(List.of("-Dneurite.threads=1"), Map.of());
        assertTrue(out.contains("1 thread(s) (libnd4j OpenMP threads 1, OpenBLAS threads 1); "
                + "OMP_WAIT_POLICY=PASSIVE (set in-process), OMP_NUM_THREADS=1 (set in-process)"), out);
        assertTrue(out.contains(GEMM), out);
    }

    @Test
    void twoThreads() throws Exception {
        String out = describe(List.of("-Dneurite.threads=2"), Map.of());
        assertTrue(out.contains("2 thread(s) (libnd4j OpenMP threads 2, OpenBLAS threads 2); "
                + "OMP_WAIT_POLICY=PASSIVE (set in-process), OMP_NUM_THREADS=2 (set in-process)"), out);
        assertTrue(out.contains(GEMM), out);
    }

    @Test
    void theUsersEnvironmentWins() throws Exception {
        String out = describe(List.of("-Dneurite.threads=2"), Map.of("OMP_WAIT_POLICY", "ACTIVE"));
        assertTrue(out.contains("OMP_WAIT_POLICY=ACTIVE (from the environment), OMP_NUM_THREADS=2 (set in-process)"),
                out);
    }

    @Test
    void libgompSeesTheInProcessSetting() throws Exception {
        // OMP_DISPLAY_ENV makes libgomp print what it read when it loaded; GOMP_SPINCOUNT 0 means passive.
        String out = describe(List.of("-Dneurite.threads=2"), Map.of("OMP_DISPLAY_ENV", "VERBOSE"));
        assertTrue(out.contains("GOMP_SPINCOUNT = '0'"), out);
        assertTrue(out.contains("OMP_NUM_THREADS = '2'"), out);
        String unchanged = describe(List.of("-Dneurite.threads=2", "-Dneurite.nd4j.openmp=unchanged"),
                Map.of("OMP_DISPLAY_ENV", "VERBOSE"));
        assertTrue(unchanged.contains("GOMP_SPINCOUNT = '300000'"), unchanged);
    }

    @Test
    void aBadThreadCountIsReportedWithTheFix() {
        String before = System.getProperty(ThreadsSetting.PROPERTY);
        System.setProperty(ThreadsSetting.PROPERTY, "zero");
        try {
            IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                    ThreadsSetting::configured);
            assertEquals("-Dneurite.threads=zero is not a positive integer; pass e.g. -Dneurite.threads=2",
                    e.getMessage());
        } finally {
            if (before == null) {
                System.clearProperty(ThreadsSetting.PROPERTY);
            } else {
                System.setProperty(ThreadsSetting.PROPERTY, before);
            }
        }
    }

    /** Backends.describe() in a child JVM with nd4j selected (pure outranks it by default). */
    static String describe(List<String> jvmArgs, Map<String, String> env) throws Exception {
        List<String> args = new java.util.ArrayList<>(jvmArgs);
        args.add("-Dneurite.backend=nd4j");
        return ChildJvm.run(ChildJvm.classPath(), args, env, DescribeBackendsMain.class);
    }
}
