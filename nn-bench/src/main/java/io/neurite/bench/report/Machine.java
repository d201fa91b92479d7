package io.neurite.bench.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** A one-line description of the machine the report is made on: CPU model and core count. */
public final class Machine {
    private Machine() {
    }

    /**
     * {@code AMD EPYC (family 26, model 2, AVX-512), 2 cores (as seen by the reporting JVM)}: the model name,
     * and on Linux the family, model and widest vector extension, since virtual machines often report only a
     * brand name.
     */
    public static String describe() {
        String cpu = System.getProperty("os.arch");
        List<String> details = new ArrayList<>();
        try {
            List<String> lines = Files.readAllLines(Path.of("/proc/cpuinfo"));
            String name = field(lines, "model name");
            if (name != null) {
                cpu = name;
            }
            String family = field(lines, "cpu family");
            String model = field(lines, "model");
            if (family != null && model != null) {
                details.add("family " + family + ", model " + model);
            }
            String flags = field(lines, "flags");
            if (flags != null) {
                List<String> f = List.of(flags.split("\\s+"));
                details.add(f.contains("avx512f") ? "AVX-512" : f.contains("avx2") ? "AVX2" : "no AVX2");
                List<String> vector = new ArrayList<>();
                for (String flag : List.of("fma", "avx2", "avx512f", "avx512vl", "avx512bw", "avx512_bf16", "asimd", "sve")) {
                    if (f.contains(flag)) {
                        vector.add(flag);
                    }
                }
                details.add("flags " + String.join(" ", vector));
            }
        } catch (IOException | RuntimeException e) {
            // Not Linux: the architecture is the best we know.
        }
        return cpu + (details.isEmpty() ? "" : " (" + String.join(", ", details) + ")") + ", "
                + Runtime.getRuntime().availableProcessors() + " cores (as seen by the reporting JVM)";
    }

    /** The value of the first {@code key : value} line whose key is exactly {@code key}. */
    private static String field(List<String> lines, String key) {
        for (String line : lines) {
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).trim().equals(key)) {
                return line.substring(colon + 1).trim();
            }
        }
        return null;
    }
}
