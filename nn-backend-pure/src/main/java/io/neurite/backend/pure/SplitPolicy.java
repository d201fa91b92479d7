package io.neurite.backend.pure;

import java.util.Arrays;
import java.util.Locale;

/**
 * When an operation is worth splitting over the worker pool, from what a split costs on this machine. The
 * cost of handing one job to the pool and waiting for it (publishing the job, waking the workers, the last
 * task's completion reaching the caller) is measured once, when the backend is created
 * ({@link #measure}); an operation is split only when the time the other threads save exceeds
 * {@value #PAYBACK} times that cost:
 *
 * <pre>
 *   split when  n * nanosPerElement * (1 - 1 / threads)  >=  PAYBACK * dispatchNanos
 * </pre>
 *
 * {@code nanosPerElement} is the one-thread time per element of each kind of operation ({@link Cost}),
 * measured with the SIMD kernels on a Zen 4 core (the ratios between kinds matter more than the absolute
 * values, which scale with the memory system). The result is a grain, the smallest number of elements one
 * task gets: {@link PureBackend#serial} keeps an operation on the calling thread below two grains.
 * {@code -Dneurite.pool.dispatchNanos=N} replaces the measurement (for experiments and tests).
 */
final class SplitPolicy {
    /** The saving a split must bring, in dispatch costs: 1 would break even on paper; measured 4 was safe. */
    static final double PAYBACK = 4;
    /** No task smaller than this many elements, whatever the measurement says (a few cache lines' worth). */
    static final int MIN_GRAIN = 2048;

    /** One-thread time per element of each kind of operation, in nanoseconds. */
    enum Cost {
        /** Element-wise arithmetic over two or three arrays (add, scale, ReLU, bias add). */
        STREAM(0.12),
        /** A fused Adam update: four arrays read, three written, a square root and a division. */
        ADAM(0.6),
        /** A fused SGD-with-momentum update: three arrays read, two written. */
        MOMENTUM(0.3),
        /** Element-wise transcendentals (exp, log, tanh, GELU, generic activations), scalar even on SIMD. */
        TRANSCENDENTAL(4.0);

        final double nanosPerElement;

        Cost(double nanosPerElement) {
            this.nanosPerElement = nanosPerElement;
        }
    }

    private final int threads;
    private final double dispatchNanos;
    private final boolean measured;
    private final int[] grains = new int[Cost.values().length];

    SplitPolicy(int threads, double dispatchNanos, boolean measured) {
        this.threads = threads;
        this.dispatchNanos = dispatchNanos;
        this.measured = measured;
        for (Cost c : Cost.values()) {
            grains[c.ordinal()] = grainOf(threads, dispatchNanos, c.nanosPerElement);
        }
    }

    /** The smallest task worth having, in elements, for {@code threads} threads and this dispatch cost. */
    static int grainOf(int threads, double dispatchNanos, double nanosPerElement) {
        if (threads <= 1) {
            return Integer.MAX_VALUE / 2;
        }
        double saving = nanosPerElement * (1 - 1.0 / threads);
        double splitAt = PAYBACK * dispatchNanos / saving;    // elements at which splitting pays
        return (int) Math.max(MIN_GRAIN, Math.min(Integer.MAX_VALUE / 4, Math.ceil(splitAt / 2)));
    }

    /**
     * Measures the dispatch cost of {@code pool}: the median, over 15 rounds of 200, of the mean time of one
     * empty job of {@code threads} tasks, after a warm-up that lets the JIT compile the pool's paths.
     */
    static SplitPolicy measure(WorkerPool pool) {
        int threads = pool.threads();
        String fixed = System.getProperty("neurite.pool.dispatchNanos");
        if (fixed != null && !fixed.isBlank()) {
            return new SplitPolicy(threads, Double.parseDouble(fixed.trim()), false);
        }
        if (threads == 1) {
            return new SplitPolicy(1, 0, false);
        }
        WorkerPool.Job empty = task -> { };
        for (int i = 0; i < 3_000; i++) {
            pool.run(threads, empty);
        }
        double[] rounds = new double[15];
        for (int r = 0; r < rounds.length; r++) {
            long start = System.nanoTime();
            for (int i = 0; i < 200; i++) {
                pool.run(threads, empty);
            }
            rounds[r] = (System.nanoTime() - start) / 200.0;
        }
        Arrays.sort(rounds);
        return new SplitPolicy(threads, rounds[rounds.length / 2], true);
    }

    /** The smallest number of elements one task of an operation of this kind gets. */
    int grain(Cost cost) {
        return grains[cost.ordinal()];
    }

    double dispatchNanos() {
        return dispatchNanos;
    }

    String describe() {
        if (threads <= 1) {
            return "no splitting (1 thread)";
        }
        return String.format(Locale.ROOT, "pool dispatch %.1f us (%s), ops split from %d elements (element-wise),"
                        + " %d (Adam)", dispatchNanos / 1000, measured ? "measured" : "set", 2 * grain(Cost.STREAM),
                2 * grain(Cost.ADAM));
    }
}
