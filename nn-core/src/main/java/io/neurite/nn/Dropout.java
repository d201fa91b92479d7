package io.neurite.nn;

import io.neurite.io.LayerCodec;
import io.neurite.tensor.SeededRandom;
import io.neurite.tensor.Shape;
import io.neurite.tensor.Tensor;
import java.util.List;

/**
 * Inverted dropout (Srivastava et al. 2014): in training each element is zeroed with probability
 * {@code rate} and the survivors are scaled by {@code 1 / (1 - rate)}, so that inference is the identity
 * (it returns its input unchanged).
 *
 * <p>The masks come from a {@link SeededRandom} on the Java side, drawn afresh at every training forward:
 * one seed and one sequence of batch shapes give the same masks on every backend. The generator's position
 * ({@link #randomState()}) is saved in model files, so that training resumed from a checkpoint draws the masks
 * an uninterrupted run would have drawn.
 */
public final class Dropout implements Layer {
    /** Model files store the rate and seed as config, and the generator's position as state. */
    public static final LayerCodec<Dropout> CODEC = LayerCodec.of("Dropout", Dropout.class,
                    (layer, config) -> config.put("rate", layer.rate()).put("seed", layer.seed()),
                    config -> new Dropout(config.getFloat("rate"), config.getLong("seed")))
            .withState((layer, state) -> state.put("random", layer.randomState()),
                    (layer, state) -> layer.restoreRandomState(state.getLong("random")));

    private final float rate;
    private final long seed;
    private final SeededRandom random;
    private final BufferCache buffers = new BufferCache();

    private float[] maskScratch = new float[0];
    private Tensor mask;
    private boolean holdMask;

    /**
     * @param rate probability of dropping an element, in {@code [0, 1)}
     * @param seed seed of the mask sequence
     */
    public Dropout(float rate, long seed) {
        if (!(rate >= 0f && rate < 1f)) {
            throw new IllegalArgumentException("Dropout: rate must be in [0, 1) but was " + rate
                    + " (it is the fraction dropped, not kept)");
        }
        this.rate = rate;
        this.seed = seed;
        this.random = new SeededRandom(seed);
    }

    public float rate() {
        return rate;
    }

    public long seed() {
        return seed;
    }

    /** The position of the mask generator: what {@link #restoreRandomState} takes to continue from here. */
    public long randomState() {
        return random.state();
    }

    /** Continues the mask sequence from a position {@link #randomState()} returned. */
    public void restoreRandomState(long state) {
        random.restoreState(state);
    }

    /**
     * With {@code true}, training forwards reuse the last mask instead of drawing a new one (while the batch
     * shape stays the same). For gradient checks, which need the same function at every evaluation.
     */
    public void holdMask(boolean hold) {
        this.holdMask = hold;
    }

    @Override
    public Shape outputShape(Shape inputShape) {
        return inputShape;
    }

    @Override
    public Tensor forward(Tensor input, boolean training) {
        if (!training) {
            return input;
        }
        boolean reuse = holdMask && mask != null && mask.shape().equals(input.shape())
                && mask.backend() == input.backend();
        if (!reuse) {
            mask = buffers.get("mask", input.backend(), input.shape());
            int n = input.size();
            if (maskScratch.length < n) {
                maskScratch = new float[n];
            }
            float keep = 1f / (1f - rate);
            for (int i = 0; i < n; i++) {
                maskScratch[i] = random.nextDouble() < rate ? 0f : keep;
            }
            mask.copyFrom(maskScratch, 0);
        }
        return input.mul(mask, buffers.get("out", input.backend(), input.shape()));
    }

    @Override
    public Tensor backward(Tensor gradOutput) {
        if (mask == null) {
            throw new IllegalStateException(this + ": backward called before a training forward(x, true)");
        }
        if (!gradOutput.shape().equals(mask.shape())) {
            throw new IllegalArgumentException(this + ": gradOutput is " + gradOutput.shape()
                    + " but the last training output was " + mask.shape());
        }
        return gradOutput.mul(mask, buffers.get("gradInput", gradOutput.backend(), gradOutput.shape()));
    }

    @Override
    public List<Parameter> parameters() {
        return List.of();
    }

    @Override
    public String toString() {
        return "Dropout(" + rate + ")";
    }
}
