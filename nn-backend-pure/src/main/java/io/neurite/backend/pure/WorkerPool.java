package io.neurite.backend.pure;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * A dedicated pool of daemon threads that runs the tasks {@code 0 .. n-1} of one job at a time, with the
 * calling thread taking part. It exists because the common {@code ForkJoinPool} has
 * {@code processors - 1} workers (one on a 2-core machine) and is shared with the rest of the application.
 *
 * <p>Design choices, all for many short jobs per second (a training step issues dozens):
 * <ul>
 *   <li>No allocation per job: the job is published through fields and claimed through one
 *       {@link AtomicLong} holding {@code (generation << 32) | nextTask}, so a worker that wakes up late
 *       can never run a task of a job that has already finished.</li>
 *   <li>Idle workers spin for a while ({@link #SPIN_NANOS}: a job often follows the previous one within
 *       tens of microseconds) and then park.</li>
 *   <li>One job at a time. A caller that finds the pool busy — another thread's job, or a task that itself
 *       asks for parallelism — runs its tasks on its own thread instead of waiting, so there is no
 *       deadlock and concurrent callers stay correct.</li>
 * </ul>
 */
final class WorkerPool {
    /** One job: task {@code i} of {@code n}; tasks must be independent. */
    interface Job {
        void run(int task);
    }

    /**
     * How long an idle worker (or a caller waiting for the workers' last tasks) spins before it parks: 250 us,
     * {@code -Dneurite.pool.spinMicros}. A time, not a count of {@link Thread#onSpinWait()} calls: the x86
     * PAUSE behind it takes 10 to 140 cycles depending on the core (14 ns on the Xeon below), so the count of
     * 4,000 spins that earlier versions used meant 56 us there, and more elsewhere. In the Fashion-MNIST job
     * on that Xeon (2 threads), half of the worker's idle gaps between jobs were 64-256 us long (the small
     * layers, the loss and the next batch's copy run on the caller alone); at 56 us the worker parked in
     * each of them and the next job waited for its wake-up: 93,000 samples/s in the steady epochs against
     * 103,000-107,000 with 140 us to 2.8 ms of spinning. Parking sooner leaves the core to other processes
     * and to the JIT, which matters only in the first epoch.
     */
    static final long SPIN_NANOS = TuningProperties.positiveLong("neurite.pool.spinMicros", 250) * 1_000L;

    private final int threads;
    private final Thread[] workers;
    /**
     * 1 while worker {@code i} is parked or about to park. A job wakes only those: unparking a thread that
     * is spinning costs the caller a lock and a signal for nothing (on the order of a microsecond, on every
     * job). A worker sets its flag before it checks for work a last time and the caller publishes the job
     * before it reads the flags (both volatile), so one of them always sees the other.
     */
    private final AtomicIntegerArray parked;
    private final AtomicBoolean busy = new AtomicBoolean();
    /** {@code generation << 32 | next task index}. */
    private final AtomicLong state = new AtomicLong();
    private final AtomicInteger done = new AtomicInteger();
    private volatile Job job;
    private volatile int taskCount;
    private volatile Thread caller;
    private volatile Throwable failure;

    WorkerPool(int threads, String name) {
        this.threads = threads;
        this.workers = new Thread[threads - 1];
        this.parked = new AtomicIntegerArray(workers.length);
        for (int i = 0; i < workers.length; i++) {
            int index = i;
            Thread t = new Thread(() -> workLoop(index), name + "-" + (i + 1));
            t.setDaemon(true);
            workers[i] = t;
            t.start();
        }
    }

    /** Whether no job is running now (a hint: another thread may start one at any moment). */
    boolean idle() {
        return !busy.get();
    }

    /** Threads that work on a job, the caller included. */
    int threads() {
        return threads;
    }

    /** Runs {@code job.run(0) .. job.run(tasks - 1)}, in parallel when possible, and returns when all are done. */
    void run(int tasks, Job job) {
        if (tasks <= 1 || workers.length == 0 || !busy.compareAndSet(false, true)) {
            for (int t = 0; t < tasks; t++) {
                job.run(t);
            }
            return;
        }
        try {
            this.failure = null;
            this.caller = Thread.currentThread();
            this.done.set(0);
            long generation = (state.get() >>> 32) + 1;
            // Invalidate the old job before publishing the new one (see claim()).
            state.set((generation << 32) | 0x7fff_ffffL);
            this.job = job;
            this.taskCount = tasks;
            state.set(generation << 32);
            for (int i = 0; i < workers.length; i++) {
                if (parked.get(i) != 0) {
                    LockSupport.unpark(workers[i]);
                }
            }
            while (claimAndRun()) {
                // the caller works too
            }
            long waitingSince = System.nanoTime();
            int spins = 0;
            while (done.get() < tasks) {
                // the clock is read every 64 spins (it costs about as much as one)
                if ((++spins & 63) != 0 || System.nanoTime() - waitingSince < SPIN_NANOS) {
                    Thread.onSpinWait();
                } else {
                    LockSupport.parkNanos(this, 50_000);
                }
            }
            this.job = null;
            Throwable f = failure;
            if (f != null) {
                if (f instanceof RuntimeException r) {
                    throw r;
                }
                if (f instanceof Error e) {
                    throw e;
                }
                throw new IllegalStateException(f);
            }
        } finally {
            busy.set(false);
        }
    }

    /**
     * Claims the next task of the current job and runs it; false when there is none. The compare-and-set
     * only succeeds while the generation read with the index is still current, and a new job is published
     * only after every task of the old one has been claimed, so the job and count read here belong to the
     * generation being claimed.
     */
    private boolean claimAndRun() {
        while (true) {
            long v = state.get();
            Job j = job;
            int n = taskCount;
            int index = (int) v;
            if (j == null || index >= n) {
                return false;
            }
            if (state.compareAndSet(v, v + 1)) {
                try {
                    j.run(index);
                } catch (Throwable e) {
                    failure = e;
                } finally {
                    if (done.incrementAndGet() == n) {
                        LockSupport.unpark(caller);
                    }
                }
                return true;
            }
        }
    }

    private void workLoop(int index) {
        boolean idle = false;
        long idleSince = 0;
        int spins = 0;
        while (true) {
            if (claimAndRun()) {
                idle = false;
                continue;
            }
            if (!idle) {
                idle = true;
                idleSince = System.nanoTime();
                spins = 0;
            }
            if ((++spins & 63) != 0 || System.nanoTime() - idleSince < SPIN_NANOS) {
                Thread.onSpinWait();
            } else {
                parked.set(index, 1);
                if (!claimAndRun()) { // the last look, after announcing the park (see parked)
                    LockSupport.park(this);
                }
                parked.set(index, 0);
                idleSince = System.nanoTime() - SPIN_NANOS / 2; // after a wake-up, spin half as long
            }
        }
    }
}
