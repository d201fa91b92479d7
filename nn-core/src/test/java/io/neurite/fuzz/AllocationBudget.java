package io.neurite.fuzz;

import java.lang.management.ManagementFactory;

/**
 * Counts the heap bytes the current thread allocates, so a fuzz test can check that a parser spends memory in
 * proportion to its input rather than to what a header claims. HotSpot counts every allocation of the thread
 * (TLAB and outside), which is exact enough for a bound in megabytes.
 */
public final class AllocationBudget {
    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    private final long start;
    private final long limit;

    private AllocationBudget(long limit) {
        if (!THREADS.isThreadAllocatedMemorySupported() || !THREADS.isThreadAllocatedMemoryEnabled()) {
            throw new IllegalStateException("this JVM cannot count per-thread allocations; the fuzz tests need it");
        }
        this.limit = limit;
        this.start = THREADS.getCurrentThreadAllocatedBytes();
    }

    /** Starts counting; {@link #check} fails once more than {@code limit} bytes were allocated since. */
    public static AllocationBudget start(long limit) {
        return new AllocationBudget(limit);
    }

    /** Throws {@link AssertionError} when the thread allocated more than the limit since {@link #start}. */
    public void check(String what) {
        long used = THREADS.getCurrentThreadAllocatedBytes() - start;
        if (used > limit) {
            throw new AssertionError(what + " allocated " + used + " bytes, more than the " + limit
                    + " that its input can justify: a header's claim was trusted before the data was seen");
        }
    }
}
