package io.neurite.backend.nd4j;

import io.neurite.loss.SoftmaxCrossEntropy;
import io.neurite.nn.Dense;
import io.neurite.nn.Initializer;
import io.neurite.nn.ReLU;
import io.neurite.nn.Sequential;
import io.neurite.optim.Optimizer;
import io.neurite.optim.Optimizers;
import io.neurite.tensor.Backend;
import io.neurite.discovery.Backends;
import io.neurite.tensor.Shape;
import io.neurite.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.javacpp.Pointer;

/**
 * Run in a child JVM by {@link Nd4jNativeMemoryTest}: trains a 64-48-10 MLP for {@code steps} steps — with
 * {@link TinyMlp}'s Tensor ops, or with {@code layers} as the 4th argument through Sequential, Dense, ReLU,
 * SoftmaxCrossEntropy and Adam — and
 * prints, every {@code every} steps, {@code sample step physicalBytes totalBytes mallocInUse}: JavaCPP's
 * counters (the process's resident memory, and what JavaCPP itself allocated) and the C heap in use
 * ({@link MallocStats}), where libnd4j allocates its buffers. With {@code leak} > 0 it also keeps that
 * many new {@code [128, 10]} tensors per step, to show the measurement sees a leak.
 */
public final class NativeMemoryMain {
    private NativeMemoryMain() {
    }

    public static void main(String[] args) {
        int steps = Integer.parseInt(args[0]);
        int every = Integer.parseInt(args[1]);
        int leak = Integer.parseInt(args[2]);
        boolean layers = args.length > 3 && args[3].equals("layers");
        Backend backend = Backends.get("nd4j");
        int batch = 32;
        TinyMlp.Data data = new TinyMlp.Data(batch * 10, 64, 10, 2);
        Step step = layers ? layersStep(backend, batch, data) : rawStep(backend, batch, data);
        List<Tensor> kept = new ArrayList<>();
        float loss = 0;
        for (int s = 1; s <= steps; s++) {
            loss = step.run(s % 10);
            for (int i = 0; i < leak; i++) {
                kept.add(backend.zeros(128, 10).fill(1f));
            }
            if (s % every == 0) {
                settle();
                System.out.println("sample " + s + " " + Pointer.physicalBytes() + " " + Pointer.totalBytes() + " "
                        + MallocStats.inUse());
            }
        }
        System.out.println("loss " + loss + " kept " + kept.size());
    }

    /** One training step on batch {@code b}; returns its loss. */
    private interface Step {
        float run(int b);
    }

    /** {@link TinyMlp}: Tensor ops and gemm only, plain SGD. */
    private static Step rawStep(Backend backend, int batch, TinyMlp.Data data) {
        TinyMlp net = new TinyMlp(backend, batch, 1, 64, 48, 10);
        Tensor oneHot = backend.zeros(batch, 10);
        float[] scratch = new float[batch * 10];
        return b -> {
            data.oneHot(b, batch, oneHot, scratch);
            return net.step(data.x, b * batch * 64, oneHot, 0.05f);
        };
    }

    /** The library's own path: Sequential of Dense/ReLU layers, SoftmaxCrossEntropy, Adam. */
    private static Step layersStep(Backend backend, int batch, TinyMlp.Data data) {
        Sequential model = Sequential.of(backend, Shape.of(64), new Dense(64, 48, Initializer.heNormal(1)),
                new ReLU(), new Dense(48, 10, Initializer.xavierNormal(2)));
        SoftmaxCrossEntropy loss = new SoftmaxCrossEntropy();
        Optimizer adam = Optimizers.adam(1e-3);
        Tensor x = backend.zeros(batch, 64);
        Tensor grad = backend.zeros(batch, 10);
        int[] labels = new int[batch];
        return b -> {
            x.copyFrom(data.x, b * batch * 64);
            System.arraycopy(data.labels, b * batch, labels, 0, batch);
            model.zeroGrad();
            float l = loss.lossAndGradient(model.forward(x, true), labels, grad);
            model.backward(grad);
            adam.step(model.parameters());
            return l;
        };
    }

    /**
     * Collects garbage and gives ND4J's deallocator thread time to free the native buffers of collected
     * arrays, so that a sample counts live memory rather than garbage awaiting collection.
     */
    private static void settle() {
        for (int i = 0; i < 2; i++) {
            System.gc();
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
