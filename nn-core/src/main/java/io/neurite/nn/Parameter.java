package io.neurite.nn;

import io.neurite.tensor.Tensor;
import java.util.Objects;

/**
 * A trainable tensor and its gradient, of equal shapes. Layers own their parameters; {@code backward}
 * <em>accumulates</em> into {@link #grad()}, and the training loop calls {@link #zeroGrad()} before each
 * batch. Optimizers update {@link #value()} in place.
 *
 * <h2>Weight decay</h2>
 * {@link #decay()} says whether an optimizer's weight decay applies to this parameter. The layer that creates
 * a parameter decides: weights (Dense's {@code weight}, convolution kernels) decay; biases and normalisation
 * scales and shifts do not ({@link #noDecay}), because shrinking them towards zero does not regularise the
 * function and only biases it (the usual practice, e.g. BERT's and timm's "no weight decay" groups). This
 * differs from PyTorch's default, which decays every parameter unless the user builds parameter groups. A
 * parameter made with the two-argument constructor decays.
 */
public final class Parameter {
    private final String name;
    private final Tensor value;
    private final Tensor grad;
    private final boolean decay;

    /**
     * A parameter that weight decay applies to. {@code name} is local to its layer ({@code weight}); a
     * {@link Sequential} names it model-wide, {@code <layer index>.<local name>} ({@code 0.weight}).
     */
    public Parameter(String name, Tensor value) {
        this(name, value, true);
    }

    /** A parameter whose weight decay is on or off as {@code decay} says. */
    public Parameter(String name, Tensor value, boolean decay) {
        this(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value"), value.newLike(), decay);
    }

    private Parameter(String name, Tensor value, Tensor grad, boolean decay) {
        this.name = name;
        this.value = value;
        this.grad = grad;
        this.decay = decay;
    }

    /** A parameter that weight decay leaves alone: a bias, a normalisation scale or shift. */
    public static Parameter noDecay(String name, Tensor value) {
        return new Parameter(name, value, false);
    }

    /**
     * The same parameter under another name: the view shares {@link #value()}, {@link #grad()} and
     * {@link #decay()} with this one, so updating either updates both. Containers such as {@code Sequential}
     * use it to give a layer's {@code weight} its model-wide name {@code 0.weight}.
     */
    public Parameter withName(String newName) {
        return new Parameter(Objects.requireNonNull(newName, "name"), value, grad, decay);
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

    /** Whether an optimizer's weight decay applies to this parameter (see the class comment). */
    public boolean decay() {
        return decay;
    }

    public void zeroGrad() {
        grad.fill(0f);
    }

    @Override
    public String toString() {
        return name + value.shape();
    }
}
