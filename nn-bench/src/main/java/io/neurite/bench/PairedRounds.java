package io.neurite.bench;

import java.util.Arrays;

/**
 * The timings of two operations taken in turns, round after round, in one JVM ({@link Interleaved}), and what they
 * say: each one's median time per call, and the median, lowest and highest of the per-round ratios.
 *
 * <p>Why per round: on a shared host the speed of the whole machine drifts by a factor of two within minutes
 * (measured on a 2-core Zen 3 VM: one L1-resident kernel ran at 51 to 88 GFLOPS within one JVM, 0.5 s apart). Two
 * JMH forks minutes apart then compare two machine states, not two backends. Within one round the two slices are
 * a fraction of a second apart, so their ratio keeps only the drift within that fraction; its median over the
 * rounds is the figure to quote, and the range shows how far one round can be trusted.
 */
final class PairedRounds {
    private final String first;
    private final String second;
    private final double[] firstNanos;
    private final double[] secondNanos;
    private int rounds;

    PairedRounds(String first, String second, int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("at least one round is needed, not " + capacity);
        }
        this.first = first;
        this.second = second;
        this.firstNanos = new double[capacity];
        this.secondNanos = new double[capacity];
    }

    /** One round: nanoseconds per call of each operation. */
    void add(double firstNanosPerCall, double secondNanosPerCall) {
        if (!(firstNanosPerCall > 0) || !(secondNanosPerCall > 0)) {
            throw new IllegalArgumentException("a time per call must be positive, not " + firstNanosPerCall + " and "
                    + secondNanosPerCall);
        }
        if (rounds == firstNanos.length) {
            throw new IllegalStateException("all " + rounds + " rounds are already recorded");
        }
        firstNanos[rounds] = firstNanosPerCall;
        secondNanos[rounds] = secondNanosPerCall;
        rounds++;
    }

    int rounds() {
        return rounds;
    }

    String first() {
        return first;
    }

    String second() {
        return second;
    }

    double firstMedianNanos() {
        return median(Arrays.copyOf(firstNanos, rounds));
    }

    double secondMedianNanos() {
        return median(Arrays.copyOf(secondNanos, rounds));
    }

    /** Per round, the second's time over the first's: above 1, the first is faster. */
    double[] speedRatios() {
        requireRounds();
        double[] r = new double[rounds];
        for (int i = 0; i < rounds; i++) {
            r[i] = secondNanos[i] / firstNanos[i];
        }
        return r;
    }

    double medianSpeedRatio() {
        return median(speedRatios());
    }

    double lowestSpeedRatio() {
        return Arrays.stream(speedRatios()).min().orElseThrow();
    }

    double highestSpeedRatio() {
        return Arrays.stream(speedRatios()).max().orElseThrow();
    }

    private void requireRounds() {
        if (rounds == 0) {
            throw new IllegalStateException("no round recorded for " + first + " against " + second);
        }
    }

    /** The median (the mean of the middle two for an even count). */
    static double median(double[] values) {
        if (values.length == 0) {
            throw new IllegalStateException("no values: a median needs at least one");
        }
        double[] v = values.clone();
        Arrays.sort(v);
        int mid = v.length / 2;
        return v.length % 2 == 1 ? v[mid] : (v[mid - 1] + v[mid]) / 2;
    }
}
