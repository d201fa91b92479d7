package io.neurite.backend.pure;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * A quick sgemm timing loop for tuning the kernel (not a test, not a substitute for nn-bench's JMH
 * benchmarks): prints the median time and GFLOPS of {@code C = A B} for square sizes.
 *
 * <pre>
 * java --add-modules jdk.incubator.vector -cp ... io.neurite.backend.pure.GemmSpeed [threads] [sizes...]
 * </pre>
 */
public final class GemmSpeed {
    private GemmSpeed() {
    }

    public static void main(String[] args) {
        int threads = args.length > 0 ? Integer.parseInt(args[0]) : 1;
        int[] sizes = args.length > 1 ? Arrays.stream(args).skip(1).mapToInt(Integer::parseInt).toArray()
                : new int[] {64, 128, 256, 512, 1024};
        String trans = System.getProperty("trans", "NN");
        boolean ta = trans.charAt(0) == 'T';
        boolean tb = trans.charAt(1) == 'T';
        PureBackend backend = new PureBackend(threads);
        System.out.println(backend.describe() + " " + trans);
        for (int n : sizes) {
            float[] a = random(n * n, 1);
            float[] b = random(n * n, 2);
            float[] c = new float[n * n];
            Gemm gemm = backend.gemmKernel();
            double flops = 2.0 * n * n * n;
            int reps = (int) Math.max(5, Math.min(200_000, 3e9 / flops));
            // warm-up: C2 must compile the kernel first
            long warmEnd = System.nanoTime() + 3_000_000_000L;
            while (System.nanoTime() < warmEnd) {
                for (int r = 0; r < reps; r++) {
                    gemm.multiply(n, n, n, 1f, a, n, ta, b, n, tb, 0f, c, n);
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
                    gemm.multiply(n, n, n, 1f, a, n, ta, b, n, tb, 0f, c, n);
                }
                cpuPerCall[s] = (mx.getCurrentThreadCpuTime() - cpu0) / (double) reps;
                perCall[s] = (System.nanoTime() - t0) / (double) reps;
            }
            Arrays.sort(perCall);
            Arrays.sort(cpuPerCall);
            double median = perCall[samples / 2];
            // with one thread, CPU time of this thread is robust against other processes on the machine
            double cpu = cpuPerCall[samples / 2];
            System.out.printf("n=%5d  %10.2f us  %7.1f GFLOPS  (min %.2f us; this thread's CPU: %.2f us, %.1f GFLOPS)%n",
                    n, median / 1e3, flops / median, perCall[0] / 1e3, cpu / 1e3, flops / cpu);
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
