package io.neurite.data;

import io.neurite.tensor.SeededRandom;
import io.neurite.tensor.Shape;

/**
 * A random transformation of training samples, applied by {@link Batches} as it copies each sample into its
 * batch (see {@link Batches.Builder#augment}), so the data set itself is never changed and every epoch sees
 * fresh variants. {@link ImageAugmentation} shifts and flips images; implement this interface for anything
 * else.
 *
 * <p><b>Contract.</b> {@link #apply} writes the transformed copy of one sample and must:
 * <ul>
 *   <li>draw all its randomness from the {@code random} it is given, so that a run is reproducible and a resumed
 *       run sees the very batches the uninterrupted one would have ({@code Batches} seeds it from the seed, the
 *       epoch and the batch);</li>
 *   <li>not allocate: it runs once per sample, every step;</li>
 *   <li>keep the sample's shape: it writes exactly {@code sampleShape.size()} floats.</li>
 * </ul>
 */
public interface Augmentation {
    /**
     * Fails, naming what is wrong and how to fix it, when samples of {@code sampleShape} cannot be transformed
     * (an image augmentation given flat vectors, say). {@code Batches} calls it once, when it is built.
     */
    void check(Shape sampleShape);

    /**
     * Writes the transformed copy of the sample {@code source[from .. from + sampleShape.size())} into
     * {@code target[to .. to + sampleShape.size())}; the two ranges never overlap.
     */
    void apply(float[] source, int from, float[] target, int to, Shape sampleShape, SeededRandom random);
}
