package io.neurite.backend.nd4j;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * Refuses, before loading, an ND4J build that this CPU cannot run.
 *
 * <p>Why: with an {@code nd4j-native} {@code -avx2} or {@code -avx512} jar on the class path, JavaCPP loads
 * that build in preference to the generic one, and ND4J M2.1, finding the CPU lacks the instructions, logs
 * "ND4J will now exit" and calls {@code System.exit(1)} — the whole JVM, not just this backend. Checking
 * {@code /proc/cpuinfo} first turns that into an unavailable backend with a reason. Linux only; elsewhere
 * (or when {@code /proc/cpuinfo} is unreadable) nothing is checked.
 */
final class NativeBuildCheck {
    private static final String BINDINGS = "org/nd4j/linalg/cpu/nativecpu/bindings/linux-x86_64";
    /** JavaCPP's preference order for ND4J's builds, with the CPU flag each needs. */
    private static final String[][] BUILDS = {{"-avx512", "avx512f"}, {"-avx2", "avx2"}};

    private NativeBuildCheck() {
    }

    /** Why the build that would load cannot run here, or null. */
    static String problem() {
        Set<String> flags = cpuFlags();
        if (flags == null) {
            return null;
        }
        ClassLoader loader = NativeBuildCheck.class.getClassLoader();
        return problem(resource -> loader.getResource(resource) != null, flags);
    }

    static String problem(Predicate<String> resourceExists, Set<String> cpuFlags) {
        for (String[] build : BUILDS) {
            if (resourceExists.test(BINDINGS + build[0] + "/libjnind4jcpu.so")) {
                if (cpuFlags.contains(build[1])) {
                    return null; // the most preferred build present is the one that loads, and it can run
                }
                return "the class path has nd4j-native's linux-x86_64" + build[0] + " build but this CPU lacks "
                        + build[1] + " (see /proc/cpuinfo); ND4J would exit the JVM. Use the nd4j-native classifier"
                        + " linux-x86_64" + (build[0].equals("-avx512") && cpuFlags.contains("avx2") ? "-avx2" : "")
                        + " instead";
            }
        }
        return null;
    }

    /** The flags of the first processor in /proc/cpuinfo, or null when unavailable. */
    static Set<String> cpuFlags() {
        Path cpuinfo = Path.of("/proc/cpuinfo");
        if (!Files.isReadable(cpuinfo)) {
            return null;
        }
        try (Stream<String> lines = Files.lines(cpuinfo)) {
            return cpuFlags(lines);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** The flags of the first processor in the lines of a /proc/cpuinfo, or null when it has none. */
    static Set<String> cpuFlags(Stream<String> cpuinfo) {
        return cpuinfo.filter(l -> l.startsWith("flags"))
                .findFirst()
                .map(l -> new HashSet<>(Arrays.asList(l.substring(l.indexOf(':') + 1).trim().split("\\s+"))))
                .map(s -> (Set<String>) s)
                .orElse(null);
    }
}
