package io.neurite.backend.pure;

import java.util.Arrays;

/**
 * Tuning tool: GFLOPS of one micro-kernel on L1-resident packed slivers, one thread, by this thread's CPU
 * time (robust when other processes share the cores) and by wall time.
 *
 * <pre>
 * java --add-modules jdk.incubator.vector -cp ... io.neurite.backend.pure.KernelPeak 5x2,6x2b,6x2b:rows [kc]
 * </pre>
 * A shape followed by {@code :rows} times {@link MicroKernel#multiplyAddRows} (B's rows through an offset
 * table, as the convolutions read them) instead of {@link MicroKernel#multiplyAdd}; {@code :strided} times
 * {@link MicroKernel#multiplyAddStrided} (A's rows read in place as well, as the gemm reads a row-major A).
 */
public final class KernelPeak {
    public static void main(String[] args) throws Exception {
        String[] shapes = args[0].split(",");
        int kc = args.length > 1 ? Integer.parseInt(args[1]) : 128;
        for (String spec : shapes) {
            String shape = spec.split(":")[0];
            boolean rows = spec.endsWith(":rows");
            boolean strided = spec.endsWith(":strided");
            MicroKernel mk = (MicroKernel) Class.forName("io.neurite.backend.pure.VectorMicroKernels")
                    .getDeclaredMethod("named", String.class).invoke(null, shape);
            int mr = mk.mr(), nr = mk.nr();
            float[] ap = new float[kc * mr];
            float[] bp = new float[kc * nr];
            float[] c = new float[mr * nr];
            Arrays.fill(ap, 0.001f);
            Arrays.fill(bp, 0.001f);
            int[] rowOff = new int[kc];
            for (int p = 0; p < kc; p++) {
                rowOff[p] = p * nr;
            }
            // for the strided form ap holds mr rows of kc values each (lda = kc)
            Runnable call = rows ? () -> mk.multiplyAddRows(kc, ap, 0, bp, rowOff, 0, 0, c, 0, nr)
                    : strided ? () -> mk.multiplyAddStrided(kc, ap, 0, kc, bp, rowOff, 0, 0, c, 0, nr)
                    : () -> mk.multiplyAdd(kc, ap, 0, bp, 0, c, 0, nr);
            double flops = 2.0 * mr * nr * kc;
            int reps = (int) (2e8 / flops);
            long end = System.nanoTime() + 2_000_000_000L;
            while (System.nanoTime() < end) {
                for (int r = 0; r < reps; r++) call.run();
            }
            java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
            double[] g = new double[9];
            double[] cpu = new double[g.length];
            for (int s = 0; s < g.length; s++) {
                long t0 = System.nanoTime();
                long cpu0 = mx.getCurrentThreadCpuTime();
                for (int r = 0; r < reps; r++) call.run();
                cpu[s] = flops * reps / (mx.getCurrentThreadCpuTime() - cpu0);
                g[s] = flops * reps / (System.nanoTime() - t0);
            }
            Arrays.sort(g);
            Arrays.sort(cpu);
            // the kernels must not allocate: a vector op that C2 failed to intrinsify shows up here
            com.sun.management.ThreadMXBean alloc = (com.sun.management.ThreadMXBean) mx;
            long bytes0 = alloc.getCurrentThreadAllocatedBytes();
            for (int r = 0; r < reps; r++) call.run();
            double bytesPerCall = (alloc.getCurrentThreadAllocatedBytes() - bytes0) / (double) reps;
            System.out.printf("%-7s kc=%d  CPU time: %.1f GFLOPS (max %.1f); wall: %.1f (max %.1f); %.1f B/call  %s%n",
                    spec, kc, cpu[cpu.length / 2], cpu[cpu.length - 1], g[g.length / 2], g[g.length - 1],
                    bytesPerCall, mk.describe());
        }
    }
}
