package io.neurite.backend.pure;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.neurite.kernel.Window2d;
import io.neurite.tensor.Shape;
import io.neurite.tensor.Tensor;
import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The direct convolution's loops are warmed up when the first direct convolution is set up, not in the
 * background with the gemm kernels ({@link KernelWarmUp#convolutionsOnce}): once a convolution on the direct path
 * has run, the warm-up has finished, so no real image ran through an interpreted or OSR-compiled loop.
 * ({@link KernelWarmUp#convolutionsOnce} is called from nowhere else, so this fails if the call goes.)
 */
class PureConvolutionWarmUpTest {

    @Test
    void theFirstDirectConvolutionWarmsTheLoopsUpBeforeItRuns() {
        Assumptions.assumeTrue(KernelPath.get().simd(), "the warm-up is for the SIMD kernels");
        Assumptions.assumeTrue(ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean,
                "needs per-thread allocation counters");
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        Assumptions.assumeTrue(mx.isThreadAllocatedMemorySupported() && mx.isThreadAllocatedMemoryEnabled());
        Assumptions.assumeTrue(!"false".equalsIgnoreCase(System.getProperty("neurite.warmup", "")));

        PureBackend backend = new PureBackend(1);
        // one 3x3 'same' convolution of a small image: stride 1 and few taps, so the direct path takes it
        Window2d same3 = new Window2d(3, 3, 1, 1, 1, 1, 1, 1, 1, 1);
        Tensor x = backend.randomNormal(Shape.of(2, 1, 12, 12), 0f, 1f, 1);
        Tensor w = backend.randomNormal(Shape.of(4, 1, 3, 3), 0f, 1f, 2);
        Tensor y = backend.zeros(2, 4, 12, 12);
        backend.kernels().convolution().conv2d(x, w, null, same3, y);
        assertTrue(KernelWarmUp.convolutionsDone(), "the first direct convolution runs the warm-up first");
        // That the warmed-up loops allocate nothing is PureDirectConvolutionAllocationTest's job: in this JVM other
        // tests may have run the loops on other shapes since, and the JIT may be recompiling them for those.
    }
}
