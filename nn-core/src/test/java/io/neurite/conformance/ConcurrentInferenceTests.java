package io.neurite.conformance;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.neurite.nn.Dense;
import io.neurite.nn.Dropout;
import io.neurite.nn.GELU;
import io.neurite.nn.ReLU;
import io.neurite.nn.Sequential;
import io.neurite.nn.Softmax;
import io.neurite.optim.Optimizers;
import io.neurite.tensor.Backend;
import io.neurite.tensor.Shape;
import io.neurite.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * {@code predict} is safe from many threads at once: {@value #THREADS} threads run inference on one trained
 * model at the same time, over batch sizes small and large (the large ones take the backend's multi-threaded
 * gemm path), and every result must equal, bit for bit, what a single thread computed before.
 */
public abstract class ConcurrentInferenceTests {
    static final int THREADS = 8;
    static final int ROUNDS = 20;
    static final int[] BATCHES = {1, 7, 32, 257};

    /** The backend under test. */
    protected abstract Backend backend();

    private Sequential trainedModel() {
        Backend b = backend();
        Sequential model = Sequential.of(b, Shape.of(64), new Dense(64, 160, 1L), new ReLU(), new Dropout(0.3f, 2),
                new Dense(160, 96, 3L), new GELU(), new Dense(96, 10, 4L), new Softmax());
        // Training fills every layer's training buffers and caches, which inference must not touch.
        SampleModels.train(model, Optimizers.adam(0.01), 3, 5);
        return model;
    }

    @Test
    void predictFromEightThreadsEqualsTheSequentialResults() throws Exception {
        Sequential model = trainedModel();
        List<Tensor> inputs = new ArrayList<>();
        List<float[]> expected = new ArrayList<>();
        for (int i = 0; i < BATCHES.length; i++) {
            Tensor x = SampleModels.inputs(backend(), BATCHES[i], 64, 100 + i);
            inputs.add(x);
            expected.add(model.predict(x).toFloatArray());
        }
        Queue<String> mismatches = runConcurrently(model, inputs, expected, () -> {
        });
        assertTrue(mismatches.isEmpty(), mismatches.size() + " concurrent predictions differ from the sequential"
                + " ones, e.g. " + mismatches.peek());
    }

    @Test
    void predictWhileAnotherModelTrainsOnTheSameBackend() throws Exception {
        Sequential model = trainedModel();
        Sequential other = SampleModels.mlp(backend(), 64, 128, 10, 9);
        List<Tensor> inputs = new ArrayList<>();
        List<float[]> expected = new ArrayList<>();
        for (int i = 0; i < BATCHES.length; i++) {
            Tensor x = SampleModels.inputs(backend(), BATCHES[i], 64, 200 + i);
            inputs.add(x);
            expected.add(model.predict(x).toFloatArray());
        }
        var adam = Optimizers.adam(0.01);
        Queue<String> mismatches = runConcurrently(model, inputs, expected,
                () -> SampleModels.train(other, adam, 1, 7));
        assertTrue(mismatches.isEmpty(), mismatches.size() + " predictions differ while another model trained, e.g. "
                + mismatches.peek());
        assertTrue(adam.iterations() > 0, "the training thread ran");
    }

    /**
     * Starts {@value #THREADS} inference threads and one thread running {@code background} in a loop, all
     * released together; returns a description of every result that differs from {@code expected}.
     */
    private Queue<String> runConcurrently(Sequential model, List<Tensor> inputs, List<float[]> expected,
                                          Runnable background) throws Exception {
        Queue<String> mismatches = new ConcurrentLinkedQueue<>();
        CyclicBarrier start = new CyclicBarrier(THREADS + 1);
        AtomicBoolean done = new AtomicBoolean();
        ExecutorService pool = Executors.newFixedThreadPool(THREADS + 1);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                int thread = t;
                futures.add(pool.submit(() -> {
                    start.await();
                    for (int round = 0; round < ROUNDS; round++) {
                        // Each thread walks the batches in its own order so that different sizes overlap.
                        int i = (thread + round) % inputs.size();
                        float[] got = model.predict(inputs.get(i)).toFloatArray();
                        if (!Arrays.equals(expected.get(i), got)) {
                            mismatches.add("thread " + thread + ", round " + round + ", batch " + BATCHES[i]);
                        }
                    }
                    return null;
                }));
            }
            Future<?> trainer = pool.submit(() -> {
                start.await();
                while (!done.get()) {
                    background.run();
                    if (Thread.currentThread().isInterrupted()) {
                        break;
                    }
                }
                return null;
            });
            for (Future<?> f : futures) {
                f.get(5, TimeUnit.MINUTES);
            }
            done.set(true);
            trainer.get(5, TimeUnit.MINUTES);
        } finally {
            pool.shutdownNow();
            assertTrue(pool.awaitTermination(1, TimeUnit.MINUTES));
        }
        return mismatches;
    }
}
