package io.neurite.backend.pure;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * {@link KernelWarmUp}'s promise: once a sizeable product has run, the SIMD kernels are the C2-compiled,
 * intrinsified ones, which allocate nothing. Before the warm-up existed, JDK 17 sometimes kept them in a
 * compile that allocated a heap object per vector (see docs/pure-backend.md).
 */
class PureKernelWarmUpTest {

    @Test
    void afterTheFirstSizeableProductTheKernelsAllocateNothing() {
        KernelPath.Kernels path = KernelPath.get();
        Assumptions.assumeTrue(path.simd(), "the warm-up is for the SIMD kernels");
        Assumptions.assumeTrue(ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean,
                "needs per-thread allocation counters");
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        Assumptions.assumeTrue(mx.isThreadAllocatedMemorySupported() && mx.isThreadAllocatedMemoryEnabled());
        Assumptions.assumeTrue(!"false".equalsIgnoreCase(System.getProperty("neurite.warmup", "")));

        PureBackend backend = new PureBackend(1);
        var a = backend.randomNormal(io.neurite.tensor.Shape.of(64, 64), 0f, 1f, 1);
        var c = backend.zeros(64, 64);
        backend.gemm(1f, a, false, a, false, 0f, c); // 64^3 multiply-adds: triggers the warm-up

        MicroKernel micro = path.micro();
        int kc = 64;
        float[] ap = new float[kc * micro.mr()];
        float[] bp = new float[kc * micro.nr()];
        float[] tile = new float[micro.mr() * micro.nr()];
        float[] small = new float[64 * 64];
        float[] x = a.toFloatArray();
        long before = mx.getCurrentThreadAllocatedBytes();
        for (int i = 0; i < 200; i++) {
            micro.multiplyAdd(kc, ap, 0, bp, 0, tile, 0, micro.nr());
            path.small().multiply(64, 64, 64, 1f, x, 64, false, x, 64, false, 0f, small, 64);
        }
        assertEquals(0, mx.getCurrentThreadAllocatedBytes() - before,
                "bytes allocated by 200 micro-kernel and small-gemm calls after the warm-up");
    }

    /**
     * The background warm-up's second stage (the element-wise loops and the fused optimizer updates) runs after
     * the gemm kernels and ends allocation-free: compiled with the Vector API's intrinsics before the first
     * training step needs them.
     */
    @Test
    void theBackgroundWarmUpAlsoCompilesTheTrainingLoops() throws InterruptedException {
        KernelPath.Kernels path = KernelPath.get();
        Assumptions.assumeTrue(path.simd(), "the warm-up is for the SIMD kernels");
        Assumptions.assumeTrue(ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean mx
                && mx.isThreadAllocatedMemorySupported() && mx.isThreadAllocatedMemoryEnabled());
        Assumptions.assumeTrue(!"false".equalsIgnoreCase(System.getProperty("neurite.warmup", "")));
        new PureBackend(1); // starts the background warm-up, unless an earlier backend of this JVM did
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.getName().equals("neurite-kernel-warm-up")) {
                t.join(120_000);
            }
        }
        assertEquals(true, KernelWarmUp.trainingLoopsCompiled(),
                "the element-wise and optimizer loops were still allocating when the warm-up ended");
    }
}
