package io.neurite.backend.nd4j;

import io.neurite.backend.pure.PureBackend;
import io.neurite.tensor.Backend;
import io.neurite.discovery.Backends;
import io.neurite.tensor.Tensor;
import java.lang.management.ManagementFactory;

/**
 * Not a test: times SGD steps of a 784-256-128-10 ReLU MLP, batch 128 (the shape of issue 3's DL4J
 * measurement; an epoch of 60,000 examples is 468 steps). Prints wall and process-CPU milliseconds per
 * step, so that busy-waiting threads show up as CPU time even on a loaded machine.
 *
 * <pre>
 * java -cp ... io.neurite.backend.nd4j.TrainingTimingMain [steps] [nd4j|pure]
 *   -Dneurite.threads=N                 threads (default: processors)
 *   -Dneurite.nd4j.openmp=unchanged     leave the OpenMP environment as ND4J would (the slow default)
 * </pre>
 */
public final class TrainingTimingMain {
    private TrainingTimingMain() {
    }

    public static void main(String[] args) {
        int steps = args.length > 0 ? Integer.parseInt(args[0]) : 300;
        String which = args.length > 1 ? args[1] : "nd4j";
        long t0 = System.nanoTime();
        Backend backend = which.equals("pure") ? new PureBackend(Integer.getInteger("neurite.threads", 2))
                : Backends.get("nd4j");
        double startupMs = (System.nanoTime() - t0) / 1e6;
        int batch = 128;
        TinyMlp net = new TinyMlp(backend, batch, 42, 784, 256, 128, 10);
        TinyMlp.Data data = new TinyMlp.Data(batch * 20, 784, 10, 7);
        Tensor oneHot = backend.zeros(batch, 10);
        float[] scratch = new float[batch * 10];
        int warmup = 30;
        long wall = 0;
        long cpu = 0;
        float loss = 0;
        for (int s = 0; s < warmup + steps; s++) {
            if (s == warmup) {
                wall = System.nanoTime();
                cpu = cpuNanos();
            }
            int b = s % 20;
            data.oneHot(b, batch, oneHot, scratch);
            loss = net.step(data.x, b * batch * 784, oneHot, 0.05f);
        }
        double wallMs = (System.nanoTime() - wall) / 1e6 / steps;
        double cpuMs = (cpuNanos() - cpu) / 1e6 / steps;
        System.out.printf("%s | startup %.0f ms | %.2f ms/step wall, %.2f ms/step CPU, %.2f s per 468-step epoch,"
                + " last loss %.4f%n", backend.describe(), startupMs, wallMs, cpuMs, wallMs * 468 / 1000, loss);
    }

    private static long cpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }
}
