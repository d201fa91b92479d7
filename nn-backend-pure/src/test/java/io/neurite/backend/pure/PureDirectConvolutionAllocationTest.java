package io.neurite.backend.pure;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The SIMD direct convolution ({@link VectorDirectConvolution}) compiles to code that allocates nothing: its
 * loops over every branch ({@link DirectConvolution.WarmUp}) reach a batch of calls without a byte of garbage.
 * A loop that C2 cannot keep in registers (vector sums carried through nested loops, a helper that returns
 * a vector: docs/pure-backend.md) allocates on every call however long it runs; the first version of this
 * path did, 224 MB per training step. Whether the compile is there before a real layer runs is
 * {@link KernelWarmUp}'s job, measured by the benchmarks' allocation figures.
 */
class PureDirectConvolutionAllocationTest {
    /** Give the JIT this long (this thread's CPU time) to compile the loops; a clean JVM needs about 1 s. */
    private static final long MAX_CPU_NANOS = 30_000_000_000L;

    @Test
    void theCompiledLoopsAllocateNothing() {
        Assumptions.assumeTrue(KernelPath.get().simd(), "the scalar loops hold no vectors");
        Assumptions.assumeTrue(ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean,
                "needs per-thread allocation counters");
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        Assumptions.assumeTrue(mx.isThreadAllocatedMemorySupported() && mx.isThreadAllocatedMemoryEnabled()
                && mx.isCurrentThreadCpuTimeSupported() && mx.isThreadCpuTimeEnabled());

        DirectConvolution.WarmUp direct = new DirectConvolution.WarmUp();
        long cpuStart = mx.getCurrentThreadCpuTime();
        long allocated;
        do {
            long before = mx.getCurrentThreadAllocatedBytes();
            for (int i = 0; i < 200; i++) {
                direct.run();
            }
            allocated = mx.getCurrentThreadAllocatedBytes() - before;
        } while (allocated > 0 && mx.getCurrentThreadCpuTime() - cpuStart < MAX_CPU_NANOS);
        assertEquals(0, allocated, "bytes allocated by the last 200 rounds of direct-convolution calls");
    }
}
