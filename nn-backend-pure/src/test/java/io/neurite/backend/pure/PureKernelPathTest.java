package io.neurite.backend.pure;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The build runs the conformance kit twice (see the surefire executions in this module's pom), once with
 * {@code --add-modules jdk.incubator.vector} and once without, and states the path each run expects in
 * {@code -Dneurite.test.expectedPath}. This test fails if the path actually chosen differs, so a
 * misconfigured run cannot silently test the same path twice.
 */
class PureKernelPathTest {

    @Test
    void theExpectedKernelPathIsActive() {
        String expected = System.getProperty("neurite.test.expectedPath");
        Assumptions.assumeTrue(expected != null, "no -Dneurite.test.expectedPath (run outside the Maven build)");
        PureBackend backend = (PureBackend) PureTestBackends.MAIN;
        assertEquals(expected, backend.simd() ? "simd" : "scalar", "kernel path; describe() says: "
                + backend.describe());
        assertTrue(backend.describe().contains(backend.simd() ? "SIMD" : "scalar"), backend.describe());
    }

    @Test
    void theExpectedVectorWidthIsUsed() {
        String bits = System.getProperty("neurite.test.expectedBits");
        String arch = System.getProperty("os.arch");
        Assumptions.assumeTrue(bits != null, "no -Dneurite.test.expectedBits");
        Assumptions.assumeTrue("amd64".equals(arch) || "x86_64".equals(arch), "the width is forced with an x86 flag");
        PureBackend backend = (PureBackend) PureTestBackends.MAIN;
        assertTrue(backend.describe().contains(bits + "-bit"), "expected " + bits + "-bit vectors: "
                + backend.describe());
    }

    @Test
    void describeNamesThePathAndTheThreads() {
        PureBackend backend = new PureBackend(3);
        String d = backend.describe();
        assertTrue(d.contains("3 thread"), d);
        assertTrue(d.contains("micro-kernel"), d);
    }
}
