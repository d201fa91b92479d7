package io.neurite.data;

import io.neurite.tensor.Backend;
import io.neurite.tensor.Shape;
import io.neurite.tensor.Tensor;
import java.util.Arrays;

/**
 * One mini-batch handed out by {@link Batches}: its features as a tensor, its labels as ints (and, on
 * request, as a one-hot tensor).
 *
 * <p><b>Reused:</b> {@link Batches} keeps one {@code Batch} for full batches and one for a smaller last
 * batch, and overwrites them on every step. Everything a {@code Batch} returns — tensors and arrays — is
 * valid until the iterator's next {@code next()}; copy what you need to keep. Do not modify the arrays.
 */
public final class Batch {
    private final int size;
    private final Tensor features;
    private final int[] labels;
    private final int[] sampleIndices;
    private final int numClasses;
    private Tensor oneHot;
    private float[] oneHotScratch;
    private boolean oneHotCurrent;
    private int index;

    Batch(Backend backend, Shape featureShape, int numClasses) {
        this.size = featureShape.dim(0);
        this.features = backend.zeros(featureShape);
        this.labels = new int[size];
        this.sampleIndices = new int[size];
        this.numClasses = numClasses;
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
     * The features: {@code [size(), numFeatures]}, or {@code [size(), sampleShape...]} when the
     * {@link Batches} was built with {@code flatten(false)}. Overwritten by the next batch.
     */
    public Tensor features() {
        return features;
    }

    /** The labels, one per row of {@link #features()}. The array is reused: do not keep or modify it. */
    public int[] labels() {
        return labels;
    }

    /** Which samples of the data set the rows are (after shuffling). Reused like {@link #labels()}. */
    public int[] sampleIndices() {
        return sampleIndices;
    }

    /**
     * The labels as a one-hot {@code [size(), numClasses]} tensor. Allocated on the first call and reused after
     * that.
     */
    public Tensor oneHot() {
        if (oneHot == null) {
            oneHot = features.backend().zeros(Shape.of(size, numClasses));
            oneHotScratch = new float[size * numClasses];
        }
        if (!oneHotCurrent) {
            float[] scratch = oneHotScratch;
            Arrays.fill(scratch, 0f);
            for (int r = 0; r < size; r++) {
                scratch[r * numClasses + labels[r]] = 1f;
            }
            oneHot.copyFrom(scratch, 0);
            oneHotCurrent = true;
        }
        return oneHot;
    }

    void filled(int index) {
        this.index = index;
        this.oneHotCurrent = false;
    }
}
