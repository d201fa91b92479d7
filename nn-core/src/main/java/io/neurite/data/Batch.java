package io.neurite.data;

import io.neurite.tensor.Backend;
import io.neurite.tensor.SeededRandom;
import io.neurite.tensor.Shape;
import io.neurite.tensor.Tensor;

/**
 * One mini-batch handed out by {@link Batches}: its features as a tensor {@code [size(), ...sampleShape]},
 * and its targets — as a tensor {@code [size(), ...targetShape]} (one-hot rows for classification) and, for
 * classification, as class indices.
 *
 * <p><b>Reused:</b> {@link Batches} keeps one {@code Batch} for full batches and one for a smaller last
 * batch, and overwrites them on every step. Everything a {@code Batch} returns — tensors and arrays — is
 * valid until the iterator's next {@code next()}; copy what you need to keep. Do not modify the arrays.
 */
public final class Batch {
    private final Dataset data;
    private final int size;
    private final Tensor features;
    private final int[] labels;
    private final int[] sampleIndices;
    /** Where each row's sample starts in the data set's storage, for the gather. */
    private final int[] rowOffsets;
    private Tensor targets;
    private float[] targetScratch;
    /** One sample, normalised before an augmentation moves it; made on first use. */
    private float[] sampleScratch;
    private boolean targetsCurrent;
    private int index;

    Batch(Backend backend, Dataset data, int size) {
        this.data = data;
        this.size = size;
        this.features = backend.zeros(Dataset.batchShape(size, data.sampleShape()));
        this.labels = data.isClassification() ? new int[size] : null;
        this.sampleIndices = new int[size];
        this.rowOffsets = new int[size];
    }

    /** Number of samples in this batch: the batch size, or fewer for a kept last batch. */
    public int size() {
        return size;
    }

    /** Position of this batch within its epoch, from 0. */
    public int index() {
        return index;
    }

    /**
     * The features, {@code [size(), ...sampleShape]} of the data set ({@code [size(), 1, 28, 28]} for images;
     * batch a {@link Dataset#flat()} view for {@code [size(), 784]}). Overwritten by the next batch.
     */
    public Tensor features() {
        return features;
    }

    /**
     * The class labels, one per row of {@link #features()}. The array is reused: do not keep or modify it.
     *
     * @throws IllegalStateException when the data set has float targets (use {@link #targets()})
     */
    public int[] labels() {
        if (labels == null) {
            throw new IllegalStateException("Batch.labels: the data set has float targets of shape "
                    + data.targetShape() + ", not class labels; use targets()");
        }
        return labels;
    }

    /** Which samples of the data set the rows are (after shuffling). Reused like {@link #labels()}. */
    public int[] sampleIndices() {
        return sampleIndices;
    }

    /**
     * The targets as a {@code [size(), ...targetShape]} tensor: the labels one-hot ({@code [size(), classes]})
     * for classification, the float targets otherwise. Made on the first call for a batch (a loop that only uses
     * {@link #labels()} pays nothing); the tensor is allocated once and refilled for later batches.
     */
    public Tensor targets() {
        if (targets == null) {
            targets = features.backend().zeros(Dataset.batchShape(size, data.targetShape()));
            targetScratch = new float[targets.size()];
        }
        if (!targetsCurrent) {
            if (labels != null) {
                OneHot.encode("Batch.targets", labels, size, data.targetShape().size(), targetScratch);
            } else {
                int t = data.targetShape().size();
                for (int r = 0; r < size; r++) {
                    data.copyTarget(sampleIndices[r], targetScratch, r * t);
                }
            }
            targets.copyFrom(targetScratch, 0);
            targetsCurrent = true;
        }
        return targets;
    }

    /**
     * Filled with the samples {@code order[from .. from + size)}, each transformed by {@code augmentation} (when
     * not null) with randomness from {@code random}; {@code staging} holds size × numFeatures.
     */
    void fill(int index, int[] order, int from, float[] staging, Augmentation augmentation, SeededRandom random) {
        float[] storage = data.storage();
        Normalizer normalizer = data.normalizer();
        int f = data.numFeatures();
        Shape shape = data.sampleShape();
        for (int r = 0; r < size; r++) {
            int sample = order[from + r];
            rowOffsets[r] = data.offset(sample);
            if (augmentation != null) {
                if (normalizer == null) {
                    augmentation.apply(storage, rowOffsets[r], staging, r * f, shape, random);
                } else {
                    // Normalised before it is moved: a per-feature normalizer belongs to the pixel's place in the
                    // stored image, and the augmentation's background is a normalised value.
                    if (sampleScratch == null) {
                        sampleScratch = new float[f];
                    }
                    data.copyFeatures(sample, sampleScratch, 0);
                    augmentation.apply(sampleScratch, 0, staging, r * f, shape, random);
                }
            }
            sampleIndices[r] = sample;
            if (labels != null) {
                labels[r] = data.labelUnchecked(sample);
            }
        }
        if (augmentation == null) {
            // Straight from the data set into the tensor: the shuffled rows are scattered over an array far
            // larger than the caches, and a staging copy in between cost as much again (Batch.fill took 0.12 ms
            // of a 1.1 ms Fashion-MNIST step on the Xeon in docs/pure-backend.md, all of it on the calling thread).
            if (normalizer == null) {
                features.gatherRows(storage, rowOffsets);
            } else {
                // Normalised in the same pass: no normalised copy of the data set is needed.
                features.gatherRows(storage, rowOffsets, normalizer.shiftValues(), normalizer.scaleValues());
            }
        } else {
            features.copyFrom(staging, 0);
        }
        this.index = index;
        this.targetsCurrent = false;
    }
}
