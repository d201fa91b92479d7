package io.neurite.backend.pure;

import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;

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
 * {@code -Dneurite.pool.dispatchNanos=N} replaces the measurement, and {@code -Dneurite.parallel.cheap=N}
 * and {@code -Dneurite.parallel.costly=N} fix the grains of element-wise and transcendental operations (for
 * experiments).
 */
final class SplitPolicy {
    /**
     * The saving a split must bring, in dispatch costs: 1 would break even on paper; the margin covers what
     * the estimate leaves out (moving the operands' cache lines to the other core, chunks that finish apart).
     */
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
        /**
         * A data loader's gather of scattered rows ({@code gatherRows}): a copy, but of rows spread over a data
         * set far larger than the caches, so each row waits on memory. Shuffled Fashion-MNIST batches of 128
         * rows took 50-60 us (0.55 ns per float) on the Xeon below, ten times a copy of cached data.
         */
        GATHER(0.55),
        /** {@code exp}: {@link VectorExp} on the SIMD path, 0.74-1.06 ns per element on the Xeon. */
        EXP(1.0),
        /** Element-wise transcendentals (log, tanh, GELU, generic activations), scalar even on SIMD. */
        TRANSCENDENTAL(4.0);

        final double nanosPerElement;

        Cost(double nanosPerElement) {
            this.nanosPerElement = nanosPerElement;
        }
    }

    private final int threads;
    private final double dispatchNanos;
    /** How the dispatch cost was found ("measured at start-up", ...); null when it was given by a property. */
    private final String measured;
    private final int[] grains = new int[Cost.values().length];

    SplitPolicy(int threads, double dispatchNanos, String measured) {
        this.threads = threads;
        this.dispatchNanos = dispatchNanos;
        this.measured = measured;
        for (Cost c : Cost.values()) {
            grains[c.ordinal()] = grainOf(threads, dispatchNanos, c.nanosPerElement);
        }
        // the fixed grains of earlier versions, kept as overrides for experiments
        Integer cheap = TuningProperties.positiveIntOrNull("neurite.parallel.cheap");
        if (cheap != null && threads > 1) {
            grains[Cost.STREAM.ordinal()] = cheap;
        }
        Integer costly = TuningProperties.positiveIntOrNull("neurite.parallel.costly");
        if (costly != null && threads > 1) {
            grains[Cost.TRANSCENDENTAL.ordinal()] = costly;
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
     * Measures the dispatch cost of {@code pool}: the median time of one job of {@code threads} tasks that
     * each wait until every task has started (so the job ends only after every worker has joined it, which an
     * empty job would not need: the caller would run all its tasks before a worker woke), after a warm-up that
     * lets the JIT compile the pool's paths. At most {@link #MEASURE_NANOS} at start-up.
     */
    static SplitPolicy measure(WorkerPool pool) {
        return measure(pool, MEASURE_NANOS, 1_000, "measured at start-up");
    }

    /**
     * Measures again, after {@link #unsettled() an unsettled} start-up measurement: a shorter probe (the pool's
     * paths are compiled by now), at most {@link #REMEASURE_NANOS}.
     */
    static SplitPolicy remeasure(WorkerPool pool) {
        return measure(pool, REMEASURE_NANOS, 20, "re-measured after start-up");
    }

    private static SplitPolicy measure(WorkerPool pool, long budgetNanos, int warmUps, String how) {
        int threads = pool.threads();
        String fixed = System.getProperty(DISPATCH_PROPERTY);
        if (fixed != null && !fixed.isBlank()) {
            try {
                return new SplitPolicy(threads, Double.parseDouble(fixed.trim()), null);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("-D" + DISPATCH_PROPERTY + "=" + fixed
                        + " is not a number of nanoseconds (e.g. 2000)");
            }
        }
        if (threads == 1) {
            return new SplitPolicy(1, 0, null);
        }
        Rendezvous job = new Rendezvous(threads);
        // Bounded in time: on a machine whose cores are taken by other processes a worker may not run for
        // milliseconds, every rendezvous then times out, and the cost measured is what splitting would really
        // cost there (so little is split). Either way start-up pays at most MEASURE_NANOS.
        long deadline = System.nanoTime() + budgetNanos;
        for (int i = 0; i < warmUps && System.nanoTime() < deadline - budgetNanos / 2; i++) {
            job.runOn(pool);
        }
        long[] samples = new long[301];
        int n = 0;
        while (n < samples.length && (n < 11 || System.nanoTime() < deadline)) {
            long start = System.nanoTime();
            job.runOn(pool);
            samples[n++] = System.nanoTime() - start;
        }
        Arrays.sort(samples, 0, n);
        return new SplitPolicy(threads, samples[n / 2], how);
    }

    /** The most start-up may spend measuring (20 ms). */
    static final long MEASURE_NANOS = 20_000_000L;
    /** The most one later measurement may spend (5 ms). */
    static final long REMEASURE_NANOS = 5_000_000L;
    /** How long each task of the probe waits for the others (200 us). */
    static final long RENDEZVOUS_NANOS = 200_000L;

    /**
     * Whether the measurement says less about splitting than about start-up: a median of at least half the
     * rendezvous wait means the workers were mostly not running when the probe ran. That happens at start-up
     * on a 2-core machine, where the JIT's compiler threads hold the second core for milliseconds at a time,
     * even with nothing else running; on a quiet machine the same pool measures about 1 us once the program is
     * under way. The backend then measures again, a few times, while the program runs
     * ({@link PureBackend#split()}).
     */
    boolean unsettled() {
        return measured != null && dispatchNanos >= RENDEZVOUS_NANOS / 2.0;
    }

    /** System property replacing the measured dispatch cost, in nanoseconds. */
    static final String DISPATCH_PROPERTY = "neurite.pool.dispatchNanos";

    /**
     * A job whose tasks each wait (up to 200 us, so that a worker the OS does not schedule cannot hold up
     * start-up) until all have started.
     */
    private static final class Rendezvous implements WorkerPool.Job {
        private final int parties;
        private final AtomicInteger started = new AtomicInteger();

        Rendezvous(int parties) {
            this.parties = parties;
        }

        void runOn(WorkerPool pool) {
            started.set(0);
            pool.run(parties, this);
        }

        @Override
        public void run(int task) {
            started.incrementAndGet();
            long deadline = System.nanoTime() + RENDEZVOUS_NANOS;
            while (started.get() < parties && System.nanoTime() < deadline) {
                Thread.onSpinWait();
            }
        }
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
                        + " %d (Adam)", dispatchNanos / 1000, measured != null ? measured : "-D" + DISPATCH_PROPERTY, 2 * grain(Cost.STREAM),
                2 * grain(Cost.ADAM));
    }
}
