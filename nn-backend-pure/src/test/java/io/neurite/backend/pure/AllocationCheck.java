package io.neurite.backend.pure;

import io.neurite.tensor.Backend;
import io.neurite.tensor.Shape;
import io.neurite.tensor.Tensor;

/**
 * Prints the bytes allocated per call by the hot operations once the JIT has compiled them (before that,
 * the interpreter allocates every Vector API object). A tuning aid, not a test: the numbers depend on
 * warm-up and on escape analysis.
 */
public final class AllocationCheck {
    private AllocationCheck() {
    }

    public static void main(String[] args) {
        Backend backend = new PureBackend(Integer.parseInt(args.length > 0 ? args[0] : "2"));
        System.out.println(backend.describe());
        Tensor x = backend.randomNormal(Shape.of(128, 256), 0f, 1f, 1);
        Tensor w = backend.randomNormal(Shape.of(256, 128), 0f, 1f, 2);
        Tensor y = backend.zeros(128, 128);
        Tensor g = backend.randomNormal(Shape.of(128, 128), 0f, 1f, 3);
        Tensor dw = backend.zeros(256, 128);
        Tensor bias = backend.zeros(128);
        java.util.Map<String, Runnable> ops = new java.util.LinkedHashMap<>();
        ops.put("gemm NN 128x256x128", () -> backend.gemm(1f, x, false, w, false, 0f, y));
        ops.put("gemm TN 256x128x128", () -> backend.gemm(1f, x, true, g, false, 0f, dw));
        ops.put("addRowVector", () -> y.addRowVectorInPlace(bias));
        io.neurite.kernel.ActivationKernels act = backend.kernels().activations();
        ops.put("relu", () -> act.forward(io.neurite.nn.ReLU.FUNCTION, y, y));
        ops.put("reluBackward", () -> act.backward(io.neurite.nn.ReLU.FUNCTION, y, g, g));
        ops.put("sumColumns", () -> g.sumColumns(bias));
        ops.put("softmaxRows", () -> y.softmaxRows(y));
        ops.put("exp", () -> g.exp(y));
        ops.put("tanh", () -> act.forward(io.neurite.nn.Tanh.FUNCTION, g, y));
        ops.put("silu (generic path)", () -> act.forward(io.neurite.nn.SiLU.FUNCTION, g, y));
        ops.put("axpy", () -> w.addScaledInPlace(-0.01f, dw));
        ops.put("sum", () -> g.sum());
        com.sun.management.ThreadMXBean mx =
                (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        for (int round = 0; round < 3; round++) {
            StringBuilder line = new StringBuilder("round " + round + ", bytes per call:");
            for (var e : ops.entrySet()) {
                for (int i = 0; i < 3000; i++) {
                    e.getValue().run();
                }
                long before = mx.getCurrentThreadAllocatedBytes();
                long t0 = System.nanoTime();
                for (int i = 0; i < 1000; i++) {
                    e.getValue().run();
                }
                long ns = System.nanoTime() - t0;
                line.append(String.format(" %s=%.0f (%.1f us)", e.getKey(),
                        (mx.getCurrentThreadAllocatedBytes() - before) / 1000.0, ns / 1e6));
            }
            System.out.println(line);
        }
    }
}
