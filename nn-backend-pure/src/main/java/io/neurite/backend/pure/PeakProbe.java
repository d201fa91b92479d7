package io.neurite.backend.pure;

import java.util.Arrays;

/**
 * The floating-point peak of one core as the pure backend can reach it: the gemm micro-kernel this JVM
 * chose ({@code describe()} names it), called on packed slivers that stay in L1, so that nothing but the
 * FMA units and the register tile limit it. nn-bench's {@code PeakBenchmark} times {@link #run()} and its
 * report states every gemm figure as a fraction of this peak.
 *
 * <p>Every run does exactly {@link #FMAS_PER_RUN} multiply-adds (2 flops each), whatever the tile: k-blocks
 * of {@value #KC} and as many calls as the tile needs. The k-block keeps the B sliver of the widest tile
 * (12 x 32) at 16 KiB and the A sliver at 6 KiB, inside any L1 of the last decade.
 */
public final class PeakProbe {
    /** The k-block of each call. */
    public static final int KC = 128;
    /** Multiply-adds per {@link #run()}: divisible by every tile's {@code mr * nr * KC}. */
    public static final long FMAS_PER_RUN = 3840L * 64 * KC;

    private final MicroKernel kernel;
    private final float[] ap;
    private final float[] bp;
    private final float[] c;
    private final int calls;

    /** A probe of the micro-kernel the pure backend uses in this JVM (SIMD or scalar). */
    public PeakProbe() {
        this(KernelPath.get().micro());
    }

    PeakProbe(MicroKernel kernel) {
        this.kernel = kernel;
        long perCall = (long) kernel.mr() * kernel.nr() * KC;
        if (FMAS_PER_RUN % perCall != 0) {
            throw new IllegalStateException("the " + kernel.describe() + " does not divide the probe's "
                    + FMAS_PER_RUN + " multiply-adds; choose KC or FMAS_PER_RUN for it");
        }
        this.calls = (int) (FMAS_PER_RUN / perCall);
        this.ap = new float[KC * kernel.mr()];
        this.bp = new float[KC * kernel.nr()];
        this.c = new float[kernel.mr() * kernel.nr()];
        // small normal values: the sums stay far from overflow and from subnormals however long it runs
        Arrays.fill(ap, 1e-3f);
        Arrays.fill(bp, 1e-3f);
    }

    /** The kernel measured. */
    public String describe() {
        return kernel.describe();
    }

    /** {@link #FMAS_PER_RUN} multiply-adds into a register tile; returns one of its values (not dead code). */
    public float run() {
        for (int i = 0; i < calls; i++) {
            kernel.multiplyAdd(KC, ap, 0, bp, 0, c, 0, kernel.nr());
        }
        return c[0];
    }
}
