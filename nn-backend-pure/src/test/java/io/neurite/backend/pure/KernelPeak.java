package io.neurite.backend.pure;

import java.util.Arrays;

/** Tuning tool: GFLOPS of one micro-kernel on L1-resident packed slivers, one thread. */
public final class KernelPeak {
    public static void main(String[] args) throws Exception {
        String[] shapes = args[0].split(",");
        int kc = args.length > 1 ? Integer.parseInt(args[1]) : 128;
        for (String shape : shapes) {
            MicroKernel mk = (MicroKernel) Class.forName("io.neurite.backend.pure.VectorMicroKernels")
                    .getDeclaredMethod("named", String.class).invoke(null, shape);
            int mr = mk.mr(), nr = mk.nr();
            float[] ap = new float[kc * mr];
            float[] bp = new float[kc * nr];
            float[] c = new float[mr * nr];
            Arrays.fill(ap, 0.001f);
            Arrays.fill(bp, 0.001f);
            double flops = 2.0 * mr * nr * kc;
            int reps = (int) (2e8 / flops);
            long end = System.nanoTime() + 2_000_000_000L;
            while (System.nanoTime() < end) {
                for (int r = 0; r < reps; r++) mk.multiplyAdd(kc, ap, 0, bp, 0, c, 0, nr);
            }
            double[] g = new double[9];
            for (int s = 0; s < g.length; s++) {
                long t0 = System.nanoTime();
                for (int r = 0; r < reps; r++) mk.multiplyAdd(kc, ap, 0, bp, 0, c, 0, nr);
                g[s] = flops * reps / (System.nanoTime() - t0);
            }
            Arrays.sort(g);
            System.out.printf("%-6s %s kc=%d  %.1f GFLOPS (max %.1f)%n", shape, mk.describe(), kc, g[g.length / 2], g[g.length - 1]);
        }
    }
}
