package io.neurite.backend.pure;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Tuning tool (not a test): the whole packed sgemm on one thread with several micro-kernels and k-blocks
 * in one JVM, taken in turns round after round, so that every configuration sees the same load from other
 * processes; prints each one's median GFLOPS by this thread's CPU time.
 *
 * <pre>
 * java --add-modules jdk.incubator.vector -XX:UseAVX=2 -cp ... io.neurite.backend.pure.GemmKernelAB \
 *     5x2:512,6x2b:512,6x2b:256 1024 128x256x784:NN 128x784x256:NT 784x256x128:TN
 * </pre>
 * A configuration is {@code shape[:kc[:mc]]}; a product is {@code n} or {@code MxNxK:TT} as in {@link GemmSpeed}.
 */
public final class GemmKernelAB {
    private GemmKernelAB() {
    }

    public static void main(String[] args) throws Exception {
        String[] configs = args[0].split(",");
        String[] products = Arrays.copyOfRange(args, 1, args.length);
        int rounds = Integer.getInteger("rounds", 15);
        WorkerPool pool = new WorkerPool(1, "ab");
        KernelPath.Kernels path = KernelPath.get();
        Gemm[] gemms = new Gemm[configs.length];
        for (int g = 0; g < configs.length; g++) {
            String[] parts = configs[g].split(":");
            MicroKernel kernel = VectorMicroKernels.named(parts[0]);
            setOrClear("neurite.gemm.kc", parts.length > 1 ? parts[1] : null);
            setOrClear("neurite.gemm.mc", parts.length > 2 ? parts[2] : null);
            gemms[g] = new Gemm(pool, kernel, path.small(), Gemm.SMALL, Gemm.PARALLEL, Gemm.WHOLE_K_FLOATS, true);
            System.out.println(configs[g] + ": " + gemms[g].describe());
        }
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        for (String spec : products) {
            String[] parts = spec.split(":");
            String[] dims = parts[0].split("x");
            int m = Integer.parseInt(dims[0]);
            int n = dims.length > 1 ? Integer.parseInt(dims[1]) : m;
            int k = dims.length > 2 ? Integer.parseInt(dims[2]) : m;
            String trans = parts.length > 1 ? parts[1] : "NN";
            boolean ta = trans.charAt(0) == 'T';
            boolean tb = trans.charAt(1) == 'T';
            int lda = ta ? m : k;
            int ldb = tb ? k : n;
            float[] a = random(m * k, 1);
            float[] b = random(k * n, 2);
            float[] c = new float[m * n];
            double flops = 2.0 * m * n * k;
            int reps = (int) Math.max(1, Math.min(100_000, 1e9 / flops));
            double[][] gflops = new double[configs.length][rounds];
            for (int g = 0; g < configs.length; g++) { // warm-up: C2 compiles each kernel
                long end = System.nanoTime() + 2_000_000_000L;
                while (System.nanoTime() < end) {
                    gemms[g].multiply(m, n, k, 1f, a, lda, ta, b, ldb, tb, 0f, c, n);
                }
            }
            for (int r = 0; r < rounds; r++) {
                for (int g = 0; g < configs.length; g++) {
                    long cpu0 = mx.getCurrentThreadCpuTime();
                    for (int i = 0; i < reps; i++) {
                        gemms[g].multiply(m, n, k, 1f, a, lda, ta, b, ldb, tb, 0f, c, n);
                    }
                    gflops[g][r] = flops * reps / (mx.getCurrentThreadCpuTime() - cpu0);
                }
            }
            StringBuilder line = new StringBuilder(String.format("%-16s", spec));
            for (int g = 0; g < configs.length; g++) {
                Arrays.sort(gflops[g]);
                line.append(String.format("  %s %.1f", configs[g], gflops[g][rounds / 2]));
            }
            System.out.println(line + "  GFLOPS (median by CPU time; load " + loadAverage() + ")");
        }

    }

    private static void setOrClear(String property, String value) {
        if (value == null) {
            System.clearProperty(property);
        } else {
            System.setProperty(property, value);
        }
    }

    private static String loadAverage() {
        return String.format("%.1f", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    }

    private static float[] random(int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) (r.nextDouble() * 2 - 1);
        }
        return x;
    }
}
