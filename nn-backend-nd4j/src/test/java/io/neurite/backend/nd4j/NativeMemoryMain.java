package io.neurite.backend.nd4j;

import io.neurite.tensor.Backend;
import io.neurite.tensor.Backends;
import io.neurite.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.javacpp.Pointer;

/**
 * Run in a child JVM by {@link Nd4jNativeMemoryTest}: trains {@link TinyMlp} for {@code steps} steps and
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
        Backend backend = Backends.get("nd4j");
        int batch = 32;
        TinyMlp net = new TinyMlp(backend, batch, 1, 64, 48, 10);
        TinyMlp.Data data = new TinyMlp.Data(batch * 10, 64, 10, 2);
        Tensor oneHot = backend.zeros(batch, 10);
        float[] scratch = new float[batch * 10];
        List<Tensor> kept = new ArrayList<>();
        float loss = 0;
        for (int s = 1; s <= steps; s++) {
            int b = s % 10;
            data.oneHot(b, batch, oneHot, scratch);
            loss = net.step(data.x, b * batch * 64, oneHot, 0.05f);
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
