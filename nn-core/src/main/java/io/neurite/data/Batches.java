package io.neurite.data;

import io.neurite.tensor.Backend;
import io.neurite.tensor.SeededRandom;
import java.util.ConcurrentModificationException;
import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * Cuts a {@link Dataset} into mini-batches, epoch after epoch, copying the samples into tensors that are
 * allocated once, when the {@code Batches} is built: iterating allocates no tensor and no array
 * (except the cheap iterator object and, on its first use, a batch's targets tensor). The {@code Trainer}
 * batches with it, and so can a hand-written loop:
 *
 * <pre>{@code
 * Batches batches = Batches.builder(train, backend).batchSize(128).shuffle(seed).build();
 * for (int epoch = 1; epoch <= epochs; epoch++) {
 *     for (Batch batch : batches.epoch(epoch)) {
 *         model.zeroGrad();
 *         Tensor logits = model.forward(batch.features(), true);
 *         loss.lossAndGradient(logits, batch.targets(), grad);
 *         model.backward(grad, false);
 *         optimizer.step(model.parameters());
 *     }
 * }
 * }</pre>
 *
 * <p><b>Epochs count from 1</b>, as {@code History}, the listeners and the CLI print them.
 *
 * <p><b>Order.</b> With {@link Builder#shuffle(long)}, epoch {@code e} visits the samples in a permutation that
 * is a pure function of {@code (seed, e)}: rerunning or resuming from epoch {@code e} gives the same batches
 * on every JVM and backend, without running the epochs before it. Without it, every epoch is in data set
 * order.
 *
 * <p><b>The last batch.</b> When the batch size does not divide the data set, {@link LastBatch#KEEP} (the
 * default) ends each epoch with one smaller batch, held in its own preallocated tensor of shape
 * {@code [remainder, ...]}; {@link LastBatch#DROP} skips those samples in that epoch (with shuffling,
 * different ones each epoch).
 *
 * <p><b>Shapes.</b> A batch keeps the data set's per-sample shape: {@code [batch, 1, 28, 28]} for images of
 * {@code [1, 28, 28]}. For flat rows ({@code [batch, 784]}, what a Dense layer takes) batch
 * {@link Dataset#flat()}, a view that copies nothing.
 *
 * <p><b>Augmentation.</b> With {@link Builder#augment(Augmentation, long)}, every sample is transformed as it is
 * copied into its batch (the data set is untouched). The randomness of batch {@code b} of epoch {@code e} is a
 * pure function of {@code (augmentSeed, e, b)}, so augmented runs are reproducible and resume exactly too.
 *
 * <p><b>Reuse.</b> The {@link Batch} objects are overwritten by every step (see {@link Batch}). Starting a new
 * epoch ends the previous epoch's iterator: using it afterwards throws. Not thread-safe: one training loop
 * at a time.
 */
public final class Batches {
    /** What to do with the samples left over when the batch size does not divide the data set. */
    public enum LastBatch {
        /** Emit them as one smaller batch at the end of the epoch. */
        KEEP,
        /** Skip them for this epoch. */
        DROP
    }

    private final Dataset data;
    private final int batchSize;
    private final boolean shuffle;
    private final long seed;
    private final LastBatch lastBatch;
    private final int batchesPerEpoch;
    private final Batch full;
    private final Batch partial;
    private final float[] staging;
    private final int[] order;
    private final Augmentation augmentation;
    private final long augmentSeed;
    private final SeededRandom augmentRandom = new SeededRandom(0);
    private int generation;

    private Batches(Builder b) {
        this.data = b.data;
        this.batchSize = b.batchSize;
        this.shuffle = b.shuffle;
        this.seed = b.seed;
        this.lastBatch = b.lastBatch;
        this.augmentation = b.augmentation;
        this.augmentSeed = b.augmentSeed;
        if (augmentation != null) {
            augmentation.check(data.sampleShape());
        }
        int n = data.size();
        int fullBatches = n / batchSize;
        int remainder = n % batchSize;
        if (lastBatch == LastBatch.DROP && fullBatches == 0) {
            throw new IllegalArgumentException("Batches: the data set has " + n + " samples, fewer than one batch of "
                    + batchSize + ", and LastBatch.DROP would leave no batch at all; use a batch size of at most " + n
                    + " or LastBatch.KEEP");
        }
        this.batchesPerEpoch = fullBatches + (lastBatch == LastBatch.KEEP && remainder > 0 ? 1 : 0);
        this.full = fullBatches > 0 ? new Batch(b.backend, data, batchSize) : null;
        this.partial = lastBatch == LastBatch.KEEP && remainder > 0 ? new Batch(b.backend, data, remainder) : null;
        // Only augmentation writes samples here first; plain batches are gathered straight into their tensor.
        this.staging = augmentation != null ? new float[Math.min(batchSize, n) * data.numFeatures()] : null;
        this.order = new int[n];
    }

    /** Starts building batches of {@code data} whose tensors live on {@code backend}. */
    public static Builder builder(Dataset data, Backend backend) {
        return new Builder(data, backend);
    }

    /**
     * The batches of epoch {@code epoch}, counted from 1. Each call to the returned iterable's {@code iterator()}
     * starts that epoch afresh and ends any earlier iterator.
     */
    public Iterable<Batch> epoch(int epoch) {
        checkEpoch("epoch", epoch);
        return () -> new EpochIterator(epoch);
    }

    /** Number of batches in every epoch. */
    public int batchesPerEpoch() {
        return batchesPerEpoch;
    }

    /** Number of samples each epoch visits: all of them with {@link LastBatch#KEEP}. */
    public int samplesPerEpoch() {
        return lastBatch == LastBatch.KEEP ? data.size() : (data.size() / batchSize) * batchSize;
    }

    public int batchSize() {
        return batchSize;
    }

    public Dataset dataset() {
        return data;
    }

    /**
     * The sample order of epoch {@code epoch} (from 1): a permutation of {@code 0 .. size-1}, a pure function of the seed
     * and the epoch (the identity without shuffling). Allocates; the iterator uses an internal array instead.
     */
    public int[] order(int epoch) {
        checkEpoch("order", epoch);
        int[] out = new int[data.size()];
        fillOrder(epoch, out);
        return out;
    }

    /** Whether every epoch is reshuffled (else each is in data set order). */
    public boolean shuffles() {
        return shuffle;
    }

    /** The shuffling seed (meaningful when {@link #shuffles()}). */
    public long seed() {
        return seed;
    }

    public LastBatch lastBatch() {
        return lastBatch;
    }

    /** The augmentation applied to every sample, or null. */
    public Augmentation augmentation() {
        return augmentation;
    }

    private static void checkEpoch(String op, int epoch) {
        if (epoch < 1) {
            throw new IllegalArgumentException("Batches." + op + ": epochs count from 1 (as History and the CLI print"
                    + " them) but got " + epoch);
        }
    }

    private void fillOrder(int epoch, int[] out) {
        for (int i = 0; i < out.length; i++) {
            out[i] = i;
        }
        if (shuffle) {
            new SeededRandom(epochSeed(seed, epoch)).shuffle(out);
        }
    }

    /**
     * Mixes the seed and the epoch so that neighbouring epochs get unrelated permutations. Plain
     * {@code seed + epoch} would not do: SplittableRandom streams from seeds that differ by its
     * increment are shifted copies of each other.
     */
    static long epochSeed(long seed, int epoch) {
        return mix64(seed ^ mix64(epoch + 0x632BE59BD9B4E019L));
    }

    /** Stafford's "Mix13" 64-bit finalizer, as used by SplitMix64. */
    private static long mix64(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    private final class EpochIterator implements Iterator<Batch> {
        private final int myGeneration;
        private final long epochAugmentSeed;
        private int next;

        EpochIterator(int epoch) {
            fillOrder(epoch, order);
            this.epochAugmentSeed = epochSeed(augmentSeed, epoch);
            this.myGeneration = ++generation;
        }

        @Override
        public boolean hasNext() {
            checkCurrent();
            return next < batchesPerEpoch;
        }

        @Override
        public Batch next() {
            if (!hasNext()) {
                throw new NoSuchElementException("Batches: the epoch has only " + batchesPerEpoch + " batches");
            }
            int start = next * batchSize;
            int count = Math.min(batchSize, data.size() - start);
            Batch batch = count == batchSize ? full : partial;
            if (augmentation != null) {
                augmentRandom.restoreState(mix64(epochAugmentSeed ^ mix64(next + 0x5851F42D4C957F2DL)));
            }
            batch.fill(next, order, start, staging, augmentation, augmentRandom);
            next++;
            return batch;
        }

        private void checkCurrent() {
            if (myGeneration != generation) {
                throw new ConcurrentModificationException("Batches: a newer epoch was started, which overwrote this"
                        + " epoch's order and batch tensors; iterate one epoch at a time");
            }
        }
    }

    /** Options of a {@link Batches}; defaults: batch size 32, no shuffling, {@link LastBatch#KEEP}, no augmentation. */
    public static final class Builder {
        private final Dataset data;
        private final Backend backend;
        private int batchSize = 32;
        private boolean shuffle;
        private long seed;
        private LastBatch lastBatch = LastBatch.KEEP;
        private Augmentation augmentation;
        private long augmentSeed;

        private Builder(Dataset data, Backend backend) {
            if (data == null || backend == null) {
                throw new IllegalArgumentException("Batches.builder: the data set and the backend are required");
            }
            this.data = data;
            this.backend = backend;
        }

        /** Samples per batch, at least 1. */
        public Builder batchSize(int batchSize) {
            if (batchSize < 1) {
                throw new IllegalArgumentException("Batches: batchSize must be at least 1 but was " + batchSize);
            }
            this.batchSize = batchSize;
            return this;
        }

        /** Shuffles every epoch with a permutation derived from {@code seed} and the epoch number. */
        public Builder shuffle(long seed) {
            this.shuffle = true;
            this.seed = seed;
            return this;
        }

        /** Visits the samples in data set order every epoch (the default; for evaluation). */
        public Builder inOrder() {
            this.shuffle = false;
            return this;
        }

        public Builder lastBatch(LastBatch lastBatch) {
            if (lastBatch == null) {
                throw new IllegalArgumentException("Batches: lastBatch must be KEEP or DROP, not null");
            }
            this.lastBatch = lastBatch;
            return this;
        }

        /**
         * Transforms every sample with {@code augmentation} as it is batched, with randomness seeded by
         * {@code seed}, the epoch and the batch (for training batches only: evaluate without it).
         */
        public Builder augment(Augmentation augmentation, long seed) {
            if (augmentation == null) {
                throw new IllegalArgumentException("Batches: augment needs an Augmentation; to batch the samples as"
                        + " they are, do not call augment");
            }
            this.augmentation = augmentation;
            this.augmentSeed = seed;
            return this;
        }

        /** Allocates the batch tensors; fails when the augmentation cannot transform the data set's samples. */
        public Batches build() {
            return new Batches(this);
        }
    }
}
