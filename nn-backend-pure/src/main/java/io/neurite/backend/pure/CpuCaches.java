package io.neurite.backend.pure;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The data-cache sizes of one core, as the operating system reports them, for sizing the gemm blocks
 * ({@link GemmBlocking}). Read once from Linux's {@code /sys/devices/system/cpu/cpu0/cache/index*}
 * ({@code level}, {@code type}, {@code size}); where that is missing (other operating systems, containers
 * that hide sysfs) or unreadable, safe defaults are used: 32 KiB L1d and 512 KiB L2, smaller than every
 * x86-64 and ARM server core of the last decade, so blocks sized from them fit wherever they run.
 *
 * @param l1d    bytes of level-1 data cache per core
 * @param l2     bytes of level-2 cache per core
 * @param source where the figures came from, for {@code describe()}
 */
record CpuCaches(int l1d, int l2, String source) {
    static final int DEFAULT_L1D = 32 * 1024;
    static final int DEFAULT_L2 = 512 * 1024;
    private static final Path SYSFS = Path.of("/sys/devices/system/cpu/cpu0/cache");

    private static final CpuCaches DETECTED = read(SYSFS);

    /** This machine's caches (read once per JVM). */
    static CpuCaches detected() {
        return DETECTED;
    }

    /** Reads a sysfs cache directory; defaults for anything missing. Package-private for tests. */
    static CpuCaches read(Path dir) {
        int l1d = 0;
        int l2 = 0;
        try (var entries = Files.newDirectoryStream(dir, "index*")) {
            for (Path index : entries) {
                String type = readLine(index.resolve("type"));
                String level = readLine(index.resolve("level"));
                int size = parseSize(readLine(index.resolve("size")));
                if (type == null || level == null || size <= 0) {
                    continue;
                }
                if (level.equals("1") && type.equals("Data")) {
                    l1d = size;
                } else if (level.equals("2") && !type.equals("Instruction")) {
                    l2 = size;
                }
            }
        } catch (IOException | RuntimeException e) {
            // no sysfs here (or not readable): defaults below
        }
        if (l1d > 0 && l2 > 0) {
            return new CpuCaches(l1d, l2, "sysfs");
        }
        return new CpuCaches(l1d > 0 ? l1d : DEFAULT_L1D, l2 > 0 ? l2 : DEFAULT_L2,
                l1d > 0 || l2 > 0 ? "sysfs, partly defaults" : "defaults; " + dir + " not readable");
    }

    /** "48K", "1024K", "2M" or a plain number of bytes; 0 when it cannot be parsed. */
    static int parseSize(String s) {
        if (s == null || s.isBlank()) {
            return 0;
        }
        String t = s.trim().toUpperCase(Locale.ROOT);
        int unit = 1;
        if (t.endsWith("K")) {
            unit = 1024;
        } else if (t.endsWith("M")) {
            unit = 1024 * 1024;
        }
        if (unit > 1) {
            t = t.substring(0, t.length() - 1);
        }
        try {
            long v = Long.parseLong(t) * unit;
            return v > Integer.MAX_VALUE ? 0 : (int) v;
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static String readLine(Path p) {
        try {
            return Files.readString(p).trim();
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    String describe() {
        return "L1d " + l1d / 1024 + " KiB, L2 " + l2 / 1024 + " KiB (" + source + ")";
    }
}
