package io.neurite.nn;

import io.neurite.tensor.Backend;
import io.neurite.tensor.Shape;
import io.neurite.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;

/**
 * A layer's reusable training buffers, so that a training step allocates no tensor after its first batch.
 * Each named slot keeps the last two shapes it was asked for: an epoch whose last batch is smaller than the
 * others then alternates between two buffers instead of reallocating one every epoch.
 *
 * <p>Not thread-safe: use it only on the training path, never from inference.
 */
public final class BufferCache {
    private static final int SHAPES_PER_SLOT = 2;

    private final List<Entry> entries = new ArrayList<>();

    private static final class Entry {
        final String slot;
        final Tensor tensor;

        Entry(String slot, Tensor tensor) {
            this.slot = slot;
            this.tensor = tensor;
        }
    }

    /**
     * The buffer for {@code slot} with {@code shape} on {@code backend}: the same tensor as last time for
     * the same slot and shape, else a new one of zeros. Its contents are whatever was last written.
     */
    public Tensor get(String slot, Backend backend, Shape shape) {
        int seen = 0;
        int oldest = -1;
        for (int i = 0; i < entries.size(); i++) {
            Entry e = entries.get(i);
            if (e.slot.equals(slot)) {
                if (e.tensor.shape().equals(shape) && e.tensor.backend() == backend) {
                    return e.tensor;
                }
                if (oldest < 0) {
                    oldest = i;
                }
                seen++;
            }
        }
        if (seen >= SHAPES_PER_SLOT) {
            entries.remove(oldest);
        }
        Tensor t = backend.zeros(shape);
        entries.add(new Entry(slot, t));
        return t;
    }

    /** Drops every buffer. */
    public void clear() {
        entries.clear();
    }
}
