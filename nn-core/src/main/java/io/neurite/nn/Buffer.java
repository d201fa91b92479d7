package io.neurite.nn;

import io.neurite.tensor.Tensor;
import java.util.Objects;

/**
 * A named non-trainable tensor that a layer keeps as state, such as BatchNorm's running mean and variance.
 * Model files save buffers beside the parameters; optimizers never see them (they are not in
 * {@link Layer#parameters()}), so neither gradients nor weight decay touch them.
 */
public final class Buffer {
    private final String name;
    private final Tensor value;

    /** {@code name} is local to the layer ({@code running_mean}); containers prefix it ({@code 1.running_mean}). */
    public Buffer(String name, Tensor value) {
        this.name = Objects.requireNonNull(name, "name");
        this.value = Objects.requireNonNull(value, "value");
    }

    /** The same buffer (sharing its tensor) under another name, e.g. its model-wide name. */
    public Buffer withName(String newName) {
        return new Buffer(newName, value);
    }

    public String name() {
        return name;
    }

    public Tensor value() {
        return value;
    }

    @Override
    public String toString() {
        return name + value.shape();
    }
}
