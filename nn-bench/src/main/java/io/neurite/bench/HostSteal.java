package io.neurite.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The share of CPU time the hypervisor reports as stolen (the eighth figure of {@code /proc/stat}'s {@code cpu}
 * line): whether a slow stretch came from the host descheduling our virtual CPUs, or (steal near zero) from the
 * host slowing the cores we run on, through a busy sibling thread or a shared cache.
 */
final class HostSteal {
    private static final Path PROC_STAT = Path.of("/proc/stat");

    private HostSteal() {
    }

    /** The {@code cpu} line's counters, or an empty array where there is no {@code /proc/stat}. */
    static long[] read() {
        try {
            return parse(Files.readAllLines(PROC_STAT).get(0));
        } catch (IOException | RuntimeException e) {
            return new long[0];
        }
    }

    static long[] parse(String cpuLine) {
        String[] f = cpuLine.trim().split("\\s+");
        if (!f[0].equals("cpu")) {
            throw new IllegalArgumentException("not the cpu line of /proc/stat: " + cpuLine);
        }
        long[] v = new long[f.length - 1];
        for (int i = 1; i < f.length; i++) {
            v[i - 1] = Long.parseLong(f[i]);
        }
        return v;
    }

    /** A sentence on the steal between two readings. */
    static String describe(long[] before, long[] after) {
        if (before.length < 8 || after.length < 8) {
            return "Host steal time: not reported here (no steal figure in /proc/stat).";
        }
        long total = 0;
        for (int i = 0; i < 8; i++) { // user .. steal; guest time is already counted in user
            total += after[i] - before[i];
        }
        long steal = after[7] - before[7];
        return String.format(Locale.ROOT, "Host steal time during the run: %.1f %% of the CPU time (/proc/stat: %d of %d "
                + "ticks). Near zero, a slow round means slower cores (a busy sibling thread, a shared cache), not "
                + "descheduled ones.", total == 0 ? 0.0 : 100.0 * steal / total, steal, total);
    }
}
