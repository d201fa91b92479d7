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
import io.neurite.data.ImageAugmentation;
import io.neurite.data.Normalizer;
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
        Batches batches = Batches.builder(data(10).flat(), backend()).batchSize(4).build();
        assertEquals(3, batches.batchesPerEpoch());
        assertEquals(10, batches.samplesPerEpoch());
        List<int[]> seen = new ArrayList<>();
        List<Tensor> tensors = new ArrayList<>();
        for (Batch b : batches.epoch(1)) {
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
        for (Batch b : batches.epoch(1)) {
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
        Iterator<Batch> it = batches.epoch(1).iterator();
        Batch only = it.next();
        assertEquals(Shape.of(3, 2, 2), only.features().shape());
        assertArrayEquals(new int[] {0, 1, 2}, samplesOf(only));
        assertFalse(it.hasNext());
        assertThrows(NoSuchElementException.class, it::next);
    }

    @Test
    void shufflingIsAPermutationPerEpochThatDependsOnlyOnSeedAndEpoch() {
        Dataset d = data(23);
        Batches a = Batches.builder(d, backend()).batchSize(5).shuffle(11).build();
        int[] epoch1 = visit(a, 1);
        int[] epoch2 = visit(a, 2);
        int[] sorted = epoch1.clone();
        Arrays.sort(sorted);
        int[] all = new int[23];
        Arrays.setAll(all, i -> i);
        assertArrayEquals(all, sorted, "every sample exactly once");
        assertFalse(Arrays.equals(epoch1, epoch2), "epochs differ");
        assertFalse(Arrays.equals(all, epoch1), "shuffled");
        assertArrayEquals(a.order(2), epoch2);

        // A fresh Batches with the same seed gives the same order for epoch 2 without having run epoch 1.
        Batches b = Batches.builder(d, backend()).batchSize(5).shuffle(11).build();
        assertArrayEquals(epoch2, visit(b, 2));
        assertArrayEquals(epoch1, visit(b, 1));
        Batches c = Batches.builder(d, backend()).batchSize(5).shuffle(12).build();
        assertFalse(Arrays.equals(epoch1, visit(c, 1)), "another seed, another order");
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
        for (int epoch = 1; epoch <= 3; epoch++) {
            for (Batch b : batches.epoch(epoch)) {
                samplesOf(b);
            }
        }
        assertEquals(built, counter.created(), "iterating allocated tensors");
    }

    @Test
    void keepsTheSampleShapeAndGivesFlatRowsForAFlatView() {
        Batches batches = Batches.builder(data(6), backend()).batchSize(3).build();
        Batch b = batches.epoch(1).iterator().next();
        assertEquals(Shape.of(3, 2, 2), b.features().shape());
        samplesOf(b);
        Batch flat = Batches.builder(data(6).flat(), backend()).batchSize(3).build().epoch(1).iterator().next();
        assertEquals(Shape.of(3, 4), flat.features().shape());
        assertArrayEquals(b.features().toFloatArray(), flat.features().toFloatArray());
        Batch image = Batches.builder(data(6).reshape(Shape.of(1, 2, 2)), backend()).batchSize(3).build().epoch(1)
                .iterator().next();
        assertEquals(Shape.of(3, 1, 2, 2), image.features().shape());
    }

    @Test
    void epochsCountFromOne() {
        Batches batches = Batches.builder(data(4), backend()).batchSize(2).shuffle(1).build();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> batches.epoch(0));
        assertTrue(e.getMessage().contains("epochs count from 1"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> batches.order(0));
    }

    @Test
    void floatTargetsAreBatchedInTheShuffledOrder() {
        // Sample i has features {i, -i} and target {10 i, 10 i + 1, 10 i + 2}.
        int n = 7;
        float[] x = new float[n * 2];
        float[] y = new float[n * 3];
        for (int i = 0; i < n; i++) {
            x[2 * i] = i;
            x[2 * i + 1] = -i;
            for (int t = 0; t < 3; t++) {
                y[3 * i + t] = 10 * i + t;
            }
        }
        Dataset d = Dataset.of(x, Shape.of(2), y, Shape.of(3));
        Batches batches = Batches.builder(d, backend()).batchSize(3).shuffle(4).build();
        int visited = 0;
        for (Batch b : batches.epoch(2)) {
            float[] features = b.features().toFloatArray();
            float[] targets = b.targets().toFloatArray();
            assertEquals(Shape.of(b.size(), 3), b.targets().shape());
            for (int r = 0; r < b.size(); r++) {
                int i = b.sampleIndices()[r];
                assertEquals(i, features[2 * r], 0);
                assertArrayEquals(new float[] {10 * i, 10 * i + 1, 10 * i + 2}, Arrays.copyOfRange(targets, 3 * r,
                        3 * r + 3));
                visited++;
            }
            IllegalStateException e = assertThrows(IllegalStateException.class, b::labels);
            assertTrue(e.getMessage().contains("float targets of shape [3]"), e.getMessage());
        }
        assertEquals(n, visited);
    }

    @Test
    void oneHotLabelsAreAllocatedOnceAndRefilled() {
        Batches batches = Batches.builder(data(4), backend()).batchSize(2).build();
        Iterator<Batch> it = batches.epoch(1).iterator();
        Batch first = it.next();
        Tensor oneHot = first.targets();
        assertArrayEquals(new float[] {1, 0, 0, 0, 1, 0}, oneHot.toFloatArray(), "labels 0 and 1");
        Batch second = it.next();
        assertSame(oneHot, second.targets());
        assertArrayEquals(new float[] {0, 0, 1, 1, 0, 0}, second.targets().toFloatArray(), "labels 2 and 0");
    }

    @Test
    void startingANewEpochEndsTheOldIterator() {
        Batches batches = Batches.builder(data(8), backend()).batchSize(2).shuffle(3).build();
        Iterator<Batch> old = batches.epoch(1).iterator();
        old.next();
        batches.epoch(2).iterator();
        ConcurrentModificationException e = assertThrows(ConcurrentModificationException.class, old::next);
        assertTrue(e.getMessage().contains("newer epoch"), e.getMessage());
    }

    @Test
    void wholeDataSetAsOneTensor() {
        Tensor all = data(3).toTensor(backend());
        assertEquals(Shape.of(3, 2, 2), all.shape(), "the per-sample shape is kept");
        assertArrayEquals(new float[] {0, 0.25f, 0.5f, 0.75f, 1, 1.25f, 1.5f, 1.75f, 2, 2.25f, 2.5f, 2.75f},
                all.toFloatArray());
    }

    /** 30 images [1, 4, 5] whose pixels all differ; label i % 3. */
    private static Dataset images() {
        int n = 30;
        float[][] x = new float[n][20];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            for (int p = 0; p < 20; p++) {
                x[i][p] = i * 100 + p;
            }
            y[i] = i % 3;
        }
        return Dataset.of(x, y, 3, 1, 4, 5);
    }

    private static List<float[]> epochFeatures(Batches batches, int epoch) {
        List<float[]> out = new ArrayList<>();
        for (Batch b : batches.epoch(epoch)) {
            out.add(b.features().toFloatArray());
        }
        return out;
    }

    /**
     * A normalised view ({@code Normalizer.apply}) is batched as its normalised copy would be, bit for bit: the
     * plain batches through the backend's normalising gather, the augmented ones normalised before they are
     * moved (a per-feature normalizer, so that normalising after the move would give other values).
     */
    @Test
    void aNormalizedViewIsBatchedAsItsNormalizedCopy() {
        Dataset raw = images().split(0.2, 3).train(); // a view with rows out of order
        Normalizer norm = Normalizer.standardize(raw);
        Dataset view = norm.apply(raw);
        float[] copy = new float[raw.size() * raw.numFeatures()];
        int[] labels = new int[raw.size()];
        for (int i = 0; i < raw.size(); i++) {
            float[] x = raw.features(i);
            norm.applyInPlace(x, 0);
            System.arraycopy(x, 0, copy, i * raw.numFeatures(), x.length);
            labels[i] = raw.label(i);
        }
        Dataset normalized = Dataset.classification(copy, raw.sampleShape(), labels, raw.numClasses());
        ImageAugmentation shiftFlip = ImageAugmentation.builder().maxShift(1).horizontalFlip().build();
        for (boolean augment : new boolean[] {false, true}) {
            Batches.Builder a = Batches.builder(view, backend()).batchSize(7).shuffle(5);
            Batches.Builder b = Batches.builder(normalized, backend()).batchSize(7).shuffle(5);
            if (augment) {
                a.augment(shiftFlip, 9);
                b.augment(shiftFlip, 9);
            }
            List<float[]> got = epochFeatures(a.build(), 2);
            List<float[]> expected = epochFeatures(b.build(), 2);
            assertEquals(expected.size(), got.size());
            for (int i = 0; i < got.size(); i++) {
                Checks.identical((augment ? "augmented " : "") + "batch " + i, expected.get(i), got.get(i));
            }
        }
        assertTrue(view.toString().contains("normalised"), view.toString());
    }

    @Test
    void augmentedBatchesAreReproducibleFreshEveryEpochAndLeaveTheDataAlone() {
        Dataset d = images();
        float[] before = d.toTensor(backend()).toFloatArray();
        ImageAugmentation shiftFlip = ImageAugmentation.builder().maxShift(1).horizontalFlip().edge().build();
        Batches a = Batches.builder(d, backend()).batchSize(7).shuffle(5).augment(shiftFlip, 9).build();
        Batches b = Batches.builder(d, backend()).batchSize(7).shuffle(5).augment(shiftFlip, 9).build();
        Batches plain = Batches.builder(d, backend()).batchSize(7).shuffle(5).build();
        List<float[]> a2 = epochFeatures(a, 2);
        // Epoch 2 of a fresh Batches (as after a resume) equals epoch 2 reached after epoch 1.
        epochFeatures(b, 1);
        List<float[]> b2 = epochFeatures(b, 2);
        for (int i = 0; i < a2.size(); i++) {
            assertArrayEquals(a2.get(i), b2.get(i), "batch " + i + " of epoch 2");
        }
        List<float[]> a3 = epochFeatures(a, 3);
        List<float[]> plain2 = epochFeatures(plain, 2);
        boolean changed = false;
        for (int i = 0; i < a2.size(); i++) {
            changed |= !Arrays.equals(a2.get(i), plain2.get(i));
        }
        assertTrue(changed, "augmentation changed nothing in epoch 2");
        // The same samples in epoch 3 get other moves: the batches of epoch 2 and 3 hold the same rows only by chance.
        assertFalse(Arrays.equals(a2.get(0), a3.get(0)) && Arrays.equals(a2.get(1), a3.get(1)));
        // Each row is still its sample (labels follow; values stay within that sample's range [100 i, 100 i + 20)).
        Iterator<Batch> it = a.epoch(4).iterator();
        Batch first = it.next();
        float[] v = first.features().toFloatArray();
        for (int r = 0; r < first.size(); r++) {
            int sample = first.sampleIndices()[r];
            assertEquals(sample % 3, first.labels()[r]);
            for (int p = 0; p < 20; p++) {
                float x = v[r * 20 + p];
                assertTrue(x >= sample * 100 && x < sample * 100 + 20, "row " + r + " pixel " + p + " = " + x);
            }
        }
        assertArrayEquals(before, d.toTensor(backend()).toFloatArray(), "the data set itself was changed");
    }

    @Test
    void anImageAugmentationOfFlatVectorsFailsWhenBuilt() {
        ImageAugmentation shift = ImageAugmentation.builder().maxShift(1).build();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Batches.builder(images().flat(), backend()).augment(shift, 1).build());
        assertTrue(e.getMessage().contains("[20]"), e.getMessage());
    }

    @Test
    void augmentingAllocatesNoTensor() {
        TensorAllocationCounter counter = new TensorAllocationCounter(backend());
        Batches batches = Batches.builder(images(), counter.backend()).batchSize(8).shuffle(1)
                .augment(ImageAugmentation.builder().maxShift(2).horizontalFlip().build(), 3).build();
        for (Batch b : batches.epoch(1)) {
            b.features();
        }
        long afterFirst = counter.created();
        for (int e = 2; e <= 4; e++) {
            for (Batch b : batches.epoch(e)) {
                b.features();
            }
        }
        assertEquals(afterFirst, counter.created(), "tensors allocated after the first epoch");
    }
}
