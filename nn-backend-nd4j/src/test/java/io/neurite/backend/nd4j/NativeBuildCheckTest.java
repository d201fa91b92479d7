package io.neurite.backend.nd4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** An AVX build that the CPU cannot run is refused before ND4J gets the chance to exit the JVM. */
class NativeBuildCheckTest {
    private static final String AVX512 = "org/nd4j/linalg/cpu/nativecpu/bindings/linux-x86_64-avx512/libjnind4jcpu.so";
    private static final String AVX2 = "org/nd4j/linalg/cpu/nativecpu/bindings/linux-x86_64-avx2/libjnind4jcpu.so";

    @Test
    void theGenericBuildAlwaysPasses() {
        assertNull(NativeBuildCheck.problem(r -> false, Set.of("sse2")));
    }

    @Test
    void anAvx512BuildNeedsAvx512() {
        assertNull(NativeBuildCheck.problem(AVX512::equals, Set.of("avx2", "avx512f")));
        assertEquals("the class path has nd4j-native's linux-x86_64-avx512 build but this CPU lacks avx512f (see"
                + " /proc/cpuinfo); ND4J would exit the JVM. Use the nd4j-native classifier linux-x86_64-avx2 instead",
                NativeBuildCheck.problem(AVX512::equals, Set.of("avx", "avx2")));
    }

    @Test
    void theMostPreferredBuildPresentIsTheOneChecked() {
        // Both jars: JavaCPP would load -avx512, so an AVX2-only CPU must be refused.
        assertTrue(NativeBuildCheck.problem(r -> r.equals(AVX512) || r.equals(AVX2), Set.of("avx2")) != null);
        assertNull(NativeBuildCheck.problem(AVX2::equals, Set.of("avx2")));
        assertTrue(NativeBuildCheck.problem(AVX2::equals, Set.of("sse4_2")).endsWith("classifier linux-x86_64 instead"));
    }

    @Test
    void theFlagsAreThoseOfTheFirstProcessor() {
        String cpuinfo = "processor\t: 0\nvendor_id\t: AuthenticAMD\nflags\t\t: fpu sse2 avx2  avx512f\n\n"
                + "processor\t: 1\nflags\t\t: fpu\n";
        assertEquals(Set.of("fpu", "sse2", "avx2", "avx512f"), NativeBuildCheck.cpuFlags(cpuinfo.lines()));
        assertNull(NativeBuildCheck.cpuFlags("processor\t: 0\nFeatures\t: neon\n".lines()), "no flags line");
    }

    @Test
    void thisMachinesFlagsAreRead() {
        // Only x86 Linux has a flags line with sse2; elsewhere the test says it was skipped rather than pass.
        assumeTrue(System.getProperty("os.name").equals("Linux") && Files.isReadable(Path.of("/proc/cpuinfo"))
                && Set.of("amd64", "x86_64").contains(System.getProperty("os.arch")), "not x86-64 Linux");
        Set<String> flags = NativeBuildCheck.cpuFlags();
        assertNotNull(flags, "/proc/cpuinfo is readable but no flags were read from it");
        assertTrue(flags.contains("sse2"), "every x86-64 CPU has sse2: " + flags);
    }
}
