package io.neurite.backend.pure;

/**
 * The cache blocking of the packed sgemm ({@link Gemm}) for one micro-kernel tile on one machine's caches,
 * chosen at start-up:
 *
 * <ul>
 *   <li>{@code kc}, the k-block: the micro-kernel's {@code kc x nr} sliver of packed B is reused for every
 *       row sliver of the A block, so it should stay in L1: {@code kc * nr * 4 <= L1d}. Measured on a
 *       32 KiB-L1 Zen 4 (12 x 32 tile, one thread, n = 1024): kc = 128 / 192 / 256 / 384 gave 89 / 90 / 96 /
 *       97 GFLOPS, so filling L1 with B (A's sliver streams from L2 well enough) is better than the textbook
 *       half; between 128 and 512, in multiples of 16. For the AVX2 6 x 16 tile (nr = 16, so kc = 512)
 *       kc = 256 / 384 / 512 were within the noise of each other on JDK 17 and 25 (taken in turns, one
 *       thread, n = 1024 and the Dense products), so the rule holds there too.</li>
 *   <li>{@code mc}, rows of C per block: the packed {@code mc x kc} A block stays in L2 while the B slivers
 *       stream past, using at most a quarter of it (the rest holds the B panel's current block and C);
 *       whole MR-slivers, at most 64 of them.</li>
 *   <li>{@code nc}, columns per panel: 1024. The panel is read by every block from L2/L3; the L3 a virtual
 *       machine reports says little about what one process gets of it, so this is not derived.</li>
 * </ul>
 *
 * {@code -Dneurite.gemm.kc}, {@code .mc} and {@code .nc} override each value (for experiments).
 */
record GemmBlocking(int kc, int mc, int nc, String why) {
    static final int NC = 1024;

    static GemmBlocking choose(int mr, int nr, CpuCaches caches) {
        int kc = clamp(caches.l1d() / (nr * Float.BYTES) / 16 * 16, 128, 512);
        int mc = clamp(caches.l2() / 4 / (kc * Float.BYTES) / mr, 1, 64) * mr;
        int nc = Math.max(nr, NC / nr * nr);
        String why = "from " + caches.describe();
        Integer kcSet = TuningProperties.positiveIntOrNull("neurite.gemm.kc");
        Integer mcSet = TuningProperties.positiveIntOrNull("neurite.gemm.mc");
        Integer ncSet = TuningProperties.positiveIntOrNull("neurite.gemm.nc");
        if (kcSet != null || mcSet != null || ncSet != null) {
            why += "; overridden by -Dneurite.gemm.kc/.mc/.nc";
        }
        if (kcSet != null) {
            kc = kcSet;
        }
        if (mcSet != null) {
            mc = Math.max(mr, mcSet / mr * mr);
        }
        if (ncSet != null) {
            nc = Math.max(nr, ncSet / nr * nr);
        }
        return new GemmBlocking(kc, mc, nc, why);
    }

    private static int clamp(int v, int lo, int hi) {
        return Math.max(lo, Math.min(hi, v));
    }

    String describe() {
        return "kc=" + kc + " mc=" + mc + " nc=" + nc + " " + why;
    }
}
