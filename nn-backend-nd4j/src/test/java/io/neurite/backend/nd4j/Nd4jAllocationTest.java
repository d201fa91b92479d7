package io.neurite.backend.nd4j;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.neurite.kernel.AdamStep;
import io.neurite.kernel.Kernels;
import io.neurite.kernel.Window2d;
import io.neurite.nn.ReLU;
import io.neurite.tensor.Backend;
import io.neurite.tensor.Shape;
import io.neurite.tensor.Tensor;
import java.lang.management.ManagementFactory;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The operations a training step of the MLP and the CNN calls on this backend allocate nothing on the Java
 * heap per call (issue 14: at most 4 KB per CNN step). Each runs a few times to grow its scratch buffers, then
 * three rounds of 50 calls under HotSpot's per-thread allocation counter, and the least of the rounds must stay
 * within 16 bytes per call. None of these calls makes an object, in the interpreter or compiled, but the JVM
 * may allocate once on the calling thread while it compiles a method (560 bytes once in 2,000 calls of
 * {@code maxPool2d} was seen); a per-call allocation shows in every round. An ND4J op object executed through
 * {@code Nd4j.getExecutioner()} costs 2.6-7.8 KB per call, so reintroducing one fails here by two orders of
 * magnitude. (The whole step, with nn-core's layers, is measured by JMH: {@code TrainingStepBenchmark} with
 * {@code -prof gc}.)
 */
class Nd4jAllocationTest {
    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    private static final int CALLS = 50;
    private static final int ROUNDS = 3;
    private static final long BYTES_PER_CALL = 16;

    private final Backend backend = Nd4jTestBackends.MAIN;

    @Test
    void trainingStepOperationsAllocateNothingPerCall() {
        assumeTrue(THREADS.isThreadAllocatedMemorySupported() && THREADS.isThreadAllocatedMemoryEnabled(),
                "this JVM cannot count per-thread allocations");
        Kernels k = backend.kernels();
        Tensor x = backend.randomNormal(Shape.of(6, 20), 0f, 1f, 1);
        Tensor y = backend.randomNormal(Shape.of(6, 20), 0f, 1f, 2);
        Tensor d = backend.zeros(6, 20);
        Tensor row = backend.randomNormal(Shape.of(20), 0f, 1f, 3);
        Tensor col = backend.zeros(6);
        Tensor w = backend.randomNormal(Shape.of(20, 7), 0f, 1f, 4);
        Tensor out = backend.zeros(6, 7);
        Tensor wGrad = backend.randomNormal(Shape.of(20, 7), 0f, 1f, 8);
        Tensor m = backend.zeros(20, 7);
        Tensor v = backend.zeros(20, 7);
        Tensor image = backend.randomNormal(Shape.of(2, 3, 9, 9), 0f, 1f, 5);
        Tensor filters = backend.randomNormal(Shape.of(4, 3, 3, 3), 0f, 1f, 6);
        Tensor bias = backend.zeros(4);
        Tensor conv = backend.zeros(2, 4, 9, 9);
        Tensor convGrad = backend.randomNormal(Shape.of(2, 4, 9, 9), 0f, 1f, 7);
        Tensor imageGrad = backend.zeros(2, 3, 9, 9);
        Tensor filtersGrad = backend.zeros(4, 3, 3, 3);
        Tensor normed = backend.zeros(2, 4, 9, 9);
        Tensor pooled = backend.zeros(2, 4, 4, 4);
        Tensor mean = backend.zeros(4);
        Tensor variance = backend.full(Shape.of(4), 1f);
        Tensor gamma = backend.full(Shape.of(4), 1f);
        Tensor beta = backend.zeros(4);
        Tensor gammaGrad = backend.zeros(4);
        Tensor betaGrad = backend.zeros(4);
        Window2d same = new Window2d(3, 3, 1, 1, 1, 1, 1, 1, 1, 1);
        Window2d pool = new Window2d(2, 2, 2, 2, 0, 0, 0, 0, 1, 1);
        AdamStep adam = AdamStep.of(0.9, 0.999, 1e-8, 1e-3, 1, 0, 1);

        Map<String, Runnable> ops = new LinkedHashMap<>();
        ops.put("fill(0)", () -> d.fill(0f));
        ops.put("add", () -> x.add(y, d));
        ops.put("sub", () -> x.sub(y, d));
        ops.put("mul", () -> x.mul(y, d));
        ops.put("scale", () -> x.scale(0.5f, d));
        ops.put("addScalar", () -> x.addScalar(0.5f, d));
        ops.put("exp", () -> x.exp(d));
        ops.put("addScaledInPlace", () -> d.addScaledInPlace(0.1f, x));
        ops.put("addRowVector", () -> x.addRowVector(row, d));
        ops.put("sumColumns", () -> x.sumColumns(row));
        ops.put("sumRows", () -> x.sumRows(col));
        ops.put("logSoftmaxRows", () -> x.logSoftmaxRows(d));
        ops.put("softmaxRows", () -> x.softmaxRows(d));
        ops.put("sum", () -> x.sum());
        ops.put("relu", () -> k.activations().forward(ReLU.FUNCTION, x, d));
        ops.put("relu backward", () -> k.activations().backward(ReLU.FUNCTION, x, y, d));
        ops.put("gemm", () -> backend.gemm(1f, x, false, w, false, 0f, out));
        ops.put("gemm transA", () -> backend.gemm(1f, x, true, out, false, 1f, w));
        ops.put("gemm transB", () -> backend.gemm(1f, out, false, w, true, 0f, d));
        ops.put("adam", () -> k.optimizers().adam(adam, w, wGrad, m, v, v));
        ops.put("conv2d", () -> k.convolution().conv2d(image, filters, bias, same, conv));
        ops.put("conv2dInputGradient", () -> k.convolution().conv2dInputGradient(convGrad, filters, same, imageGrad));
        ops.put("conv2dWeightGradient",
                () -> k.convolution().conv2dWeightGradient(image, convGrad, same, filtersGrad, bias));
        ops.put("channelMeanVariance", () -> k.normalization().channelMeanVariance(conv, mean, variance));
        ops.put("batchNorm",
                () -> k.normalization().batchNorm(conv, mean, variance, 1e-5f, gamma, beta, normed));
        ops.put("batchNormBackward", () -> k.normalization().batchNormBackward(conv, convGrad, mean, variance, 1e-5f,
                gamma, normed, gammaGrad, betaGrad));
        ops.put("batchNormRelu",
                () -> k.normalization().batchNormRelu(conv, mean, variance, 1e-5f, gamma, beta, normed));
        ops.put("batchNormReluBackward", () -> k.normalization().batchNormReluBackward(conv, convGrad, mean,
                variance, 1e-5f, gamma, beta, normed, gammaGrad, betaGrad));
        ops.put("maxPool2d", () -> k.pooling().maxPool2d(conv, pool, pooled));
        ops.put("maxPool2dBackward", () -> k.pooling().maxPool2dBackward(conv, pooled, pool, normed));

        StringBuilder failures = new StringBuilder();
        for (Map.Entry<String, Runnable> op : ops.entrySet()) {
            for (int i = 0; i < 5; i++) {
                op.getValue().run();
            }
            long bytes = Long.MAX_VALUE;
            for (int round = 0; round < ROUNDS; round++) {
                long before = THREADS.getCurrentThreadAllocatedBytes();
                for (int i = 0; i < CALLS; i++) {
                    op.getValue().run();
                }
                bytes = Math.min(bytes, THREADS.getCurrentThreadAllocatedBytes() - before);
            }
            if (bytes > BYTES_PER_CALL * CALLS) {
                failures.append(String.format("%n  %s: %d bytes in %d calls (the least of %d rounds)", op.getKey(),
                        bytes, CALLS, ROUNDS));
            }
        }
        assertTrue(failures.length() == 0, "allocated more than " + BYTES_PER_CALL + " bytes per call:" + failures);
    }
}
