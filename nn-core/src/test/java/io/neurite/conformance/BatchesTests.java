package io.neurite.conformance;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.neurite.data.Batch;
import io.neurite.data.Batches;
import io.neurite.data.Dataset;
import io.neurite.tensor.Backend;
import io.neurite.tensor.Shape;
import io.neurite.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.ConcurrentModificationException;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import org.junit.jupiter.api.Test;

/**
 * Batching a {@link Dataset} into a backend's tensors: contents, the last partial batch, seeded shuffling and
 * tensor reuse (no allocation after the {@link Batches} is built). Subclass per backend.
 */
public abstract class BatchesTests {

    protected abstract Backend backend();

    /** n samples of shape [2, 2]; sample i holds {i, i + 0.25, i + 0.5, i + 0.75}; label i % 3. */
    static Dataset data(int n) {
        float[][] x = new float[n][];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            x[i] = new float[] {i, i + 0.25f, i + 0.5f, i + 0.75f};
            y[i] = i % 3;
        }
        return Dataset.of(x, y, 3, 2, 2);
    }

    /** Checks each row of the batch against the sample it claims to be, and returns the sample numbers. */
    private static int[] samplesOf(Batch b) {
        float[] values = b.features().toFloatArray();
        int[] samples = new int[b.size()];
        for (int r = 0; r < b.size(); r++) {
            int i = (int) values[r * 4];
            assertArrayEquals(new float[] {i, i + 0.25f, i + 0.5f, i + 0.75f},
                    Arrays.copyOfRange(values, r * 4, r * 4 + 4), "row " + r);
            assertEquals(i % 3, b.labels()[r], "label of row " + r);
            assertEquals(i, b.sampleIndices()[r]);
            samples[r] = i;
        }
        return samples;
    }

    @Test
    void inOrderWithAKeptPartialLastBatch() {
        Batches batches = Batches.builder(data(10), backend()).batchSize(4).build();
        assertEquals(3, batches.batchesPerEpoch());
        assertEquals(10, batches.samplesPerEpoch());
        List<int[]> seen = new ArrayList<>();
        List<Tensor> tensors = new ArrayList<>();
        for (Batch b : batches.epoch(0)) {
            assertEquals(seen.size(), b.index());
            seen.add(samplesOf(b));
            tensors.add(b.features());
        }
        assertArrayEquals(new int[] {0, 1, 2, 3}, seen.get(0));
        assertArrayEquals(new int[] {4, 5, 6, 7}, seen.get(1));
        assertArrayEquals(new int[] {8, 9}, seen.get(2));
        assertEquals(Shape.of(4, 4), tensors.get(0).shape());
        assertEquals(Shape.of(2, 4), tensors.get(2).shape());
        assertSame(tensors.get(0), tensors.get(1), "full batches reuse one tensor");
        assertNotSame(tensors.get(0), tensors.get(2), "the partial batch has its own tensor");
        assertSame(backend(), tensors.get(0).backend());
    }

    @Test
    void droppingTheLastBatch() {
        Batches batches = Batches.builder(data(10), backend()).batchSize(4).lastBatch(Batches.LastBatch.DROP).build();
        assertEquals(2, batches.batchesPerEpoch());
        assertEquals(8, batches.samplesPerEpoch());
        int count = 0;
        for (Batch b : batches.epoch(0)) {
            assertEquals(4, b.size());
            count++;
        }
        assertEquals(2, count);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Batches.builder(data(3), backend()).batchSize(4).lastBatch(Batches.LastBatch.DROP).build());
        assertTrue(e.getMessage().contains("fewer than one batch of 4"), e.getMessage());
    }

    @Test
    void aDataSetSmallerThanOneBatchIsOnePartialBatch() {
        Batches batches = Batches.builder(data(3), backend()).batchSize(8).build();
        Iterator<Batch> it = batches.epoch(0).iterator();
        Batch only = it.next();
        assertEquals(Shape.of(3, 4), only.features().shape());
        assertArrayEquals(new int[] {0, 1, 2}, samplesOf(only));
        assertFalse(it.hasNext());
        assertThrows(NoSuchElementException.class, it::next);
    }

    @Test
    void shufflingIsAPermutationPerEpochThatDependsOnlyOnSeedAndEpoch() {
        Dataset d = data(23);
        Batches a = Batches.builder(d, backend()).batchSize(5).shuffle(11).build();
        int[] epoch0 = visit(a, 0);
        int[] epoch1 = visit(a, 1);
        int[] sorted = epoch0.clone();
        Arrays.sort(sorted);
        int[] all = new int[23];
        Arrays.setAll(all, i -> i);
        assertArrayEquals(all, sorted, "every sample exactly once");
        assertFalse(Arrays.equals(epoch0, epoch1), "epochs differ");
        assertFalse(Arrays.equals(all, epoch0), "shuffled");
        assertArrayEquals(a.order(1), epoch1);

        // A fresh Batches with the same seed gives the same order for epoch 1 without having run epoch 0.
        Batches b = Batches.builder(d, backend()).batchSize(5).shuffle(11).build();
        assertArrayEquals(epoch1, visit(b, 1));
        assertArrayEquals(epoch0, visit(b, 0));
        Batches c = Batches.builder(d, backend()).batchSize(5).shuffle(12).build();
        assertFalse(Arrays.equals(epoch0, visit(c, 0)), "another seed, another order");
    }

    private static int[] visit(Batches batches, int epoch) {
        int[] order = new int[batches.samplesPerEpoch()];
        int k = 0;
        for (Batch b : batches.epoch(epoch)) {
            for (int s : samplesOf(b)) {
                order[k++] = s;
            }
        }
        assertEquals(order.length, k);
        return order;
    }

    @Test
    void noTensorIsAllocatedAfterTheBatchesAreBuilt() {
        TensorAllocationCounter counter = new TensorAllocationCounter(backend());
        Batches batches = Batches.builder(data(10), counter.backend()).batchSize(4).shuffle(1).build();
        long built = counter.created();
        assertEquals(2, built, "one full and one partial batch tensor");
        for (int epoch = 0; epoch < 3; epoch++) {
            for (Batch b : batches.epoch(epoch)) {
                samplesOf(b);
            }
        }
        assertEquals(built, counter.created(), "iterating allocated tensors");
    }

    @Test
    void keepsTheSampleShapeWhenNotFlattened() {
        Batches batches = Batches.builder(data(6), backend()).batchSize(3).flatten(false).build();
        Batch b = batches.epoch(0).iterator().next();
        assertEquals(Shape.of(3, 2, 2), b.features().shape());
        samplesOf(b);
    }

    @Test
    void oneHotLabelsAreAllocatedOnceAndRefilled() {
        Batches batches = Batches.builder(data(4), backend()).batchSize(2).build();
        Iterator<Batch> it = batches.epoch(0).iterator();
        Batch first = it.next();
        Tensor oneHot = first.oneHot();
        assertArrayEquals(new float[] {1, 0, 0, 0, 1, 0}, oneHot.toFloatArray(), "labels 0 and 1");
        Batch second = it.next();
        assertSame(oneHot, second.oneHot());
        assertArrayEquals(new float[] {0, 0, 1, 1, 0, 0}, second.oneHot().toFloatArray(), "labels 2 and 0");
    }

    @Test
    void startingANewEpochEndsTheOldIterator() {
        Batches batches = Batches.builder(data(8), backend()).batchSize(2).shuffle(3).build();
        Iterator<Batch> old = batches.epoch(0).iterator();
        old.next();
        batches.epoch(1).iterator();
        ConcurrentModificationException e = assertThrows(ConcurrentModificationException.class, old::next);
        assertTrue(e.getMessage().contains("newer epoch"), e.getMessage());
    }

    @Test
    void wholeDataSetAsOneTensor() {
        Tensor all = data(3).toTensor(backend());
        assertEquals(Shape.of(3, 4), all.shape());
        assertArrayEquals(new float[] {0, 0.25f, 0.5f, 0.75f, 1, 1.25f, 1.5f, 1.75f, 2, 2.25f, 2.5f, 2.75f},
                all.toFloatArray());
    }
}
