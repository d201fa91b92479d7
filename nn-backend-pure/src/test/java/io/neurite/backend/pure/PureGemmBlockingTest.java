package io.neurite.backend.pure;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The cache sizes read from a sysfs-like directory, and the blocking derived from them. */
class PureGemmBlockingTest {

    @Test
    void readsL1dAndL2FromSysfsAndIgnoresTheInstructionCache(@TempDir Path dir) throws IOException {
        index(dir, 0, "1", "Data", "48K");
        index(dir, 1, "1", "Instruction", "32K");
        index(dir, 2, "2", "Unified", "2048K");
        index(dir, 3, "3", "Unified", "32768K");
        CpuCaches caches = CpuCaches.read(dir);
        assertEquals(48 * 1024, caches.l1d());
        assertEquals(2048 * 1024, caches.l2());
        assertEquals("sysfs", caches.source());
    }

    @Test
    void fallsBackToSafeDefaultsWithoutSysfs(@TempDir Path dir) throws IOException {
        CpuCaches none = CpuCaches.read(dir.resolve("missing"));
        assertEquals(CpuCaches.DEFAULT_L1D, none.l1d());
        assertEquals(CpuCaches.DEFAULT_L2, none.l2());
        assertTrue(none.source().startsWith("defaults"), none.source());
        index(dir, 0, "1", "Data", "garbage");
        index(dir, 2, "2", "Unified", "1M");
        CpuCaches partly = CpuCaches.read(dir);
        assertEquals(CpuCaches.DEFAULT_L1D, partly.l1d());
        assertEquals(1024 * 1024, partly.l2());
    }

    @Test
    void parsesTheSizeFormatsTheKernelWrites() {
        assertEquals(32 * 1024, CpuCaches.parseSize("32K"));
        assertEquals(2 * 1024 * 1024, CpuCaches.parseSize("2M\n"));
        assertEquals(4096, CpuCaches.parseSize("4096"));
        assertEquals(0, CpuCaches.parseSize(""));
        assertEquals(0, CpuCaches.parseSize("lots"));
    }

    @Test
    void theBSliverFitsL1AndTheABlockAQuarterOfL2() {
        int[][] tiles = {{12, 32}, {12, 16}, {5, 16}, {8, 8}, {4, 4}};
        int[][] caches = {{32 * 1024, 1024 * 1024}, {48 * 1024, 2048 * 1024}, {64 * 1024, 512 * 1024}};
        for (int[] t : tiles) {
            for (int[] c : caches) {
                GemmBlocking b = GemmBlocking.choose(t[0], t[1], new CpuCaches(c[0], c[1], "test"));
                String what = t[0] + "x" + t[1] + " on " + c[0] + "/" + c[1] + ": " + b.describe();
                assertTrue(b.kc() >= 128 && b.kc() <= 512 && b.kc() % 16 == 0, what);
                assertTrue(b.kc() == 128 || b.kc() * t[1] * 4 <= c[0], what);
                assertTrue(b.mc() % t[0] == 0 && b.mc() >= t[0], what);
                assertTrue(b.mc() == t[0] || (long) b.mc() * b.kc() * 4 <= c[1] / 4, what);
                assertTrue(b.nc() % t[1] == 0, what);
            }
        }
    }

    private static void index(Path dir, int i, String level, String type, String size) throws IOException {
        Path d = Files.createDirectories(dir.resolve("index" + i));
        Files.writeString(d.resolve("level"), level + "\n");
        Files.writeString(d.resolve("type"), type + "\n");
        Files.writeString(d.resolve("size"), size + "\n");
    }
}
