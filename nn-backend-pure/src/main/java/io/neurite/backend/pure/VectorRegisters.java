package io.neurite.backend.pure;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * How many vector registers the JIT can give the gemm kernels, which decides their register tile
 * ({@code VectorMicroKernels.tileFor}). 32 on AArch64 (NEON/SVE) and on x86 when HotSpot uses AVX-512 encodings
 * ({@code UseAVX >= 3}; below 512 bits also the CPU's {@code avx512vl}, without which HotSpot keeps 128- and
 * 256-bit vectors in the first 16); otherwise 16 (AVX2 and older, and {@code -XX:UseAVX=2} on an AVX-512
 * CPU). When the JVM flag cannot be read (no {@code jdk.management} module), 16: a 16-register tile runs
 * within a few per cent of the best on a 32-register CPU, while the reverse spills.
 *
 * <p>No Vector API type appears here, so this is safe to call on the scalar path.
 */
final class VectorRegisters {
    private VectorRegisters() {
    }

    /** The number of vector registers, and why, for vectors of {@code vectorBits}. */
    record Count(int registers, String why) {
    }

    static Count forWidth(int vectorBits) {
        String arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
        if (arch.equals("aarch64") || arch.equals("arm64")) {
            return new Count(32, "AArch64");
        }
        if (!arch.equals("amd64") && !arch.equals("x86_64")) {
            return new Count(16, "unknown architecture " + arch + ", assumed");
        }
        if (vectorBits >= 512) {
            return new Count(32, "AVX-512");
        }
        int useAvx = useAvx();
        if (useAvx < 0) {
            return new Count(16, "HotSpot flag UseAVX not readable, assumed");
        }
        if (useAvx >= 3 && cpuFlags().contains(" avx512vl ")) {
            return new Count(32, "UseAVX=" + useAvx + ", avx512vl");
        }
        return new Count(16, "UseAVX=" + useAvx);
    }

    /** HotSpot's {@code UseAVX}, or -1 when it cannot be read. */
    private static int useAvx() {
        try {
            var mx = ManagementFactory.getPlatformMXBean(com.sun.management.HotSpotDiagnosticMXBean.class);
            return mx == null ? -1 : Integer.parseInt(mx.getVMOption("UseAVX").getValue());
        } catch (RuntimeException | LinkageError e) {
            return -1;
        }
    }

    /** The "flags" line of /proc/cpuinfo with a space at each end, or " " when there is none. */
    static String cpuFlags() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("flags") || line.startsWith("Features")) {
                    int colon = line.indexOf(':');
                    return " " + line.substring(colon + 1).trim() + " ";
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux: no flags
        }
        return " ";
    }
}
