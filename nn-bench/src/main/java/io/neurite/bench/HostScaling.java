package io.neurite.bench;

import io.neurite.backend.pure.PeakProbe;
import java.util.Locale;

/**
 * How much a second thread adds on this machine when nothing is shared: one thread runs the peak probe (the
 * pure backend's micro-kernel on L1-resident data) for a second, then two plain threads (no worker pool) run a
 * probe each for a second at the same time, and each round prints both rates and their sum over the first.
 * On two real cores the sum is about twice one thread's rate; when a VM's two vCPUs run on the two hyperthreads
 * of one physical core, FMA-bound work gets about one core's rate in all, split between the threads. Since the
 * host can move the vCPUs between rounds, read the rounds, not only their median.
 *
 * <pre>
 *   java --add-modules jdk.incubator.vector [-XX:UseAVX=2] -cp nn-bench/target/benchmarks.jar \
 *       io.neurite.bench.HostScaling [rounds, default 6] [milliseconds per measurement, default 1000]
 * </pre>
 */
public final class HostScaling {
    private HostScaling() {
    }

    public static void main(String[] args) throws InterruptedException {
        int rounds;
        long nanos;
        try {
            rounds = args.length > 0 ? positive(args[0], "rounds") : 6;
            nanos = (args.length > 1 ? positive(args[1], "milliseconds per measurement") : 1000) * 1_000_000L;
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage() + "; usage: HostScaling [rounds] [milliseconds per measurement]");
            System.exit(2);
            return;
        }
        PeakProbe first = new PeakProbe();
        PeakProbe second = new PeakProbe();
        System.out.println("host scaling: " + first.describe() + ", " + Runtime.getRuntime().availableProcessors()
                + " processors");
        gflops(first, 2 * nanos); // let C2 compile the kernel
        gflops(second, nanos / 4);
        for (int r = 0; r < rounds; r++) {
            double alone = gflops(first, nanos);
            double[] together = new double[2];
            Thread other = new Thread(() -> together[1] = gflops(second, nanos), "host-scaling-second");
            other.start();
            together[0] = gflops(first, nanos);
            other.join();
            double sum = together[0] + together[1];
            System.out.printf(Locale.ROOT, "round %d: 1 thread %.1f GFLOPS; 2 threads %.1f + %.1f = %.1f GFLOPS,"
                    + " %.2f x one thread%n", r + 1, alone, together[0], together[1], sum, sum / alone);
        }
    }

    /** Runs the probe for about {@code nanos} (the interleaved profile's timing loop); returns its rate in GFLOPS. */
    private static double gflops(PeakProbe probe, long nanos) {
        double flops = 2.0 * PeakProbe.FMAS_PER_RUN;
        return flops / Interleaved.slice(new Interleaved.Op("peak probe", flops, probe::run), nanos);
    }

    private static int positive(String arg, String what) {
        try {
            int value = Integer.parseInt(arg);
            if (value > 0) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("HostScaling: " + what + " must be a positive whole number, not '"
                + arg + "'");
    }
}
