package io.neurite.nn;

import io.neurite.tensor.Tensor;
import java.util.Objects;

/**
 * A trainable tensor and its gradient, of equal shapes. Layers own their parameters; {@code backward}
 * <em>accumulates</em> into {@link #grad()}, and the training loop calls {@link #zeroGrad()} before each
 * batch. Optimizers update {@link #value()} in place.
 */
public final class Parameter {
    private final String name;
    private final Tensor value;
    private final Tensor grad;

    /**
     * {@code name} is unique within a model, e.g. {@code "0.weight"}: a {@link Sequential} names a parameter
     * {@code <layer index>.<local name>}.
     */
    public Parameter(String name, Tensor value) {
        this.name = Objects.requireNonNull(name, "name");
        this.value = Objects.requireNonNull(value, "value");
        this.grad = value.newLike();
    }

    private Parameter(String name, Tensor value, Tensor grad) {
        this.name = name;
        this.value = value;
        this.grad = grad;
    }

    /**
     * The same parameter under another name: the view shares {@link #value()} and {@link #grad()} with
     * this one, so updating either updates both. Containers such as {@code Sequential} use it to give a
     * layer's {@code weight} its model-wide name {@code 0.weight}.
     */
    public Parameter withName(String newName) {
        return new Parameter(Objects.requireNonNull(newName, "name"), value, grad);
    }

    public String name() {
        return name;
    }

    public Tensor value() {
        return value;
    }

    public Tensor grad() {
        return grad;
    }

    public void zeroGrad() {
        grad.fill(0f);
    }

    @Override
    public String toString() {
        return name + value.shape();
    }
}
