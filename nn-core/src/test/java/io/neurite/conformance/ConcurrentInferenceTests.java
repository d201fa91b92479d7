package io.neurite.conformance;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
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
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * {@code predict} is safe from many threads at once: {@value #THREADS} threads run inference on one trained
 * model at the same time, over batch sizes small and large (the large ones take the backend's multi-threaded
 * gemm path), and every result must equal, bit for bit, what a single thread computed before. The second
 * test does the same while a copy of the model trains on the same backend in another thread, as a server
 * that fine-tunes a copy while it serves the original would.
 */
public abstract class ConcurrentInferenceTests {
    static final int THREADS = 16;
    static final int ROUNDS = 8;
    static final int[] BATCHES = {1, 7, 32, 257};

    /** The backend under test. */
    protected abstract Backend backend();

    /** The same trained model every time it is called: seeded weights, seeded training. */
    private Sequential trainedModel() {
        Backend b = backend();
        Sequential model = Sequential.of(b, Shape.of(64), new Dense(64, 160, 1L), new ReLU(), new Dropout(0.3f, 2),
                new Dense(160, 96, 3L), new GELU(), new Dense(96, 10, 4L), new Softmax());
        // Training fills every layer's training buffers and caches, which inference must not touch.
        SampleModels.train(model, Optimizers.adam(0.01), 3, 5);
        return model;
    }

    @Test
    void predictFromSixteenThreadsEqualsTheSequentialResults() throws Exception {
        Sequential model = trainedModel();
        List<Tensor> inputs = new ArrayList<>();
        List<float[]> expected = sequentialPredictions(model, inputs, 100);
        Queue<String> mismatches = predictConcurrently(model, inputs, expected, null);
        assertTrue(mismatches.isEmpty(), mismatches.size() + " concurrent predictions differ from the sequential"
                + " ones, e.g. " + mismatches.peek());
    }

    @Test
    void predictFromSixteenThreadsWhileACopyOfTheModelTrains() throws Exception {
        Sequential model = trainedModel();
        Sequential copy = trainedModel();
        float[] copyBefore = copy.parameters().get(0).value().toFloatArray();
        List<Tensor> inputs = new ArrayList<>();
        List<float[]> expected = sequentialPredictions(model, inputs, 200);
        var adam = Optimizers.adam(0.01);
        AtomicLong steps = new AtomicLong();
        Queue<String> mismatches = predictConcurrently(model, inputs, expected, () -> {
            SampleModels.train(copy, adam, 1, 7);
            steps.incrementAndGet();
        });
        assertTrue(mismatches.isEmpty(), mismatches.size() + " predictions differ while a copy of the model trained,"
                + " e.g. " + mismatches.peek());
        assertTrue(steps.get() > 0, "the copy trained while the predictions ran");
        assertTrue(!Arrays.equals(copyBefore, copy.parameters().get(0).value().toFloatArray()),
                "the training steps changed the copy's weights");
        // And the copy's training did not leak into the model served: it still predicts what it did.
        assertArrayEquals(expected.get(2), model.predict(inputs.get(2)).toFloatArray());
    }

    private List<float[]> sequentialPredictions(Sequential model, List<Tensor> inputs, long seed) {
        List<float[]> expected = new ArrayList<>();
        for (int i = 0; i < BATCHES.length; i++) {
            Tensor x = SampleModels.inputs(backend(), BATCHES[i], 64, seed + i);
            inputs.add(x);
            expected.add(model.predict(x).toFloatArray());
        }
        return expected;
    }

    /**
     * Starts {@value #THREADS} inference threads and, when {@code trainingStep} is not null, one thread that
     * runs it until the inference threads are done, all released together; returns a description of every
     * result that differs from {@code expected}.
     */
    private Queue<String> predictConcurrently(Sequential model, List<Tensor> inputs, List<float[]> expected,
                                              Runnable trainingStep) throws Exception {
        Queue<String> mismatches = new ConcurrentLinkedQueue<>();
        int parties = THREADS + (trainingStep == null ? 0 : 1);
        CyclicBarrier start = new CyclicBarrier(parties);
        AtomicBoolean done = new AtomicBoolean();
        ExecutorService pool = Executors.newFixedThreadPool(parties);
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
            Future<?> trainer = trainingStep == null ? null : pool.submit(() -> {
                start.await();
                // Every pass is a real training step (never an empty spin), so this thread competes for the
                // backend's workers and memory as real training does.
                do {
                    trainingStep.run();
                } while (!done.get() && !Thread.currentThread().isInterrupted());
                return null;
            });
            for (Future<?> f : futures) {
                f.get(5, TimeUnit.MINUTES);
            }
            done.set(true);
            if (trainer != null) {
                trainer.get(5, TimeUnit.MINUTES);
            }
        } finally {
            pool.shutdownNow();
            assertTrue(pool.awaitTermination(1, TimeUnit.MINUTES));
        }
        return mismatches;
    }
}
