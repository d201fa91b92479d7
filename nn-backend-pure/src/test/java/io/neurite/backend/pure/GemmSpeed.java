package io.neurite.backend.pure;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * A quick sgemm timing loop for tuning the kernel (not a test, not a substitute for nn-bench's JMH
 * benchmarks): prints the median time and GFLOPS of {@code C = A B} for square sizes.
 *
 * <pre>
 * java --add-modules jdk.incubator.vector -cp ... io.neurite.backend.pure.GemmSpeed [threads] [n | MxNxK:TT ...]
 * </pre>
 */
public final class GemmSpeed {
    private GemmSpeed() {
    }

    public static void main(String[] args) {
        int threads = args.length > 0 ? Integer.parseInt(args[0]) : 1;
        String[] cases = args.length > 1 ? Arrays.copyOfRange(args, 1, args.length)
                : new String[] {"64", "128", "256", "512", "1024"};
        PureBackend backend = new PureBackend(threads);
        System.out.println(backend.describe());
        for (String spec : cases) {
            // "n" for a square product, or "MxNxK:TT" (transposes of A and B, N or T)
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
            Gemm gemm = backend.gemmKernel();
            double flops = 2.0 * m * n * k;
            int reps = (int) Math.max(5, Math.min(200_000, 3e9 / flops));
            // warm-up: C2 must compile the kernel first
            long warmEnd = System.nanoTime() + 3_000_000_000L;
            while (System.nanoTime() < warmEnd) {
                for (int r = 0; r < reps; r++) {
                    gemm.multiply(m, n, k, 1f, a, lda, ta, b, ldb, tb, 0f, c, n);
                }
            }
            int samples = 15;
            double[] perCall = new double[samples];
            double[] cpuPerCall = new double[samples];
            java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
            for (int s = 0; s < samples; s++) {
                long t0 = System.nanoTime();
                long cpu0 = mx.getCurrentThreadCpuTime();
                for (int r = 0; r < reps; r++) {
                    gemm.multiply(m, n, k, 1f, a, lda, ta, b, ldb, tb, 0f, c, n);
                }
                cpuPerCall[s] = (mx.getCurrentThreadCpuTime() - cpu0) / (double) reps;
                perCall[s] = (System.nanoTime() - t0) / (double) reps;
            }
            Arrays.sort(perCall);
            Arrays.sort(cpuPerCall);
            double median = perCall[samples / 2];
            // with one thread, CPU time of this thread is robust against other processes on the machine
            double cpu = cpuPerCall[samples / 2];
            System.out.printf("%-18s %10.2f us  %7.1f GFLOPS  (min %.2f us; this thread's CPU: %.2f us, %.1f GFLOPS)%n",
                    spec, median / 1e3, flops / median, perCall[0] / 1e3, cpu / 1e3, flops / cpu);
        }
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
