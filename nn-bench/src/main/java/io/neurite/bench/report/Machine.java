package io.neurite.bench.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** A one-line description of the machine the report is made on: CPU model and core count. */
public final class Machine {
    private Machine() {
    }

    /** {@code AMD EPYC, 2 cores (as seen by the reporting JVM)}. */
    public static String describe() {
        String cpu = System.getProperty("os.arch");
        try {
            List<String> lines = Files.readAllLines(Path.of("/proc/cpuinfo"));
            for (String line : lines) {
                if (line.startsWith("model name")) {
                    cpu = line.substring(line.indexOf(':') + 1).trim();
                    break;
                }
            }
        } catch (IOException | RuntimeException e) {
            // Not Linux: the architecture is the best we know.
        }
        return cpu + ", " + Runtime.getRuntime().availableProcessors() + " cores (as seen by the reporting JVM)";
    }
}
