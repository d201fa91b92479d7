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
    private final Gradient gradient;
    private final boolean decay;

    /**
     * The gradient tensor, and whether it is due to be zero: {@link #zeroGrad()} only sets the flag, and the
     * zeros are written when the gradient is next read ({@link #grad()}) unless a layer overwrites the whole
     * gradient first ({@link #gradientBeta()}), which spares a pass over every parameter per training step. One
     * object shared by every name of the parameter ({@link #withName}).
     */
    private static final class Gradient {
        final Tensor tensor;
        boolean zeroPending;

        Gradient(Tensor tensor) {
            this.tensor = tensor;
        }
    }

    /**
     * A parameter that weight decay applies to. {@code name} is local to its layer ({@code weight}); a
     * {@link Sequential} names it model-wide, {@code <layer index>.<local name>} ({@code 0.weight}).
     */
    public Parameter(String name, Tensor value) {
        this(name, value, true);
    }

    /** A parameter whose weight decay is on or off as {@code decay} says. */
    public Parameter(String name, Tensor value, boolean decay) {
        this(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value"),
                new Gradient(value.newLike()), decay);
    }

    private Parameter(String name, Tensor value, Gradient gradient, boolean decay) {
        this.name = name;
        this.value = value;
        this.gradient = gradient;
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
        return new Parameter(Objects.requireNonNull(newName, "name"), value, gradient, decay);
    }

    public String name() {
        return name;
    }

    public Tensor value() {
        return value;
    }

    /** The gradient: zeros after {@link #zeroGrad()}, then what the backward passes since have added. */
    public Tensor grad() {
        Gradient g = gradient;
        if (g.zeroPending) {
            g.tensor.fill(0f);
            g.zeroPending = false;
        }
        return g.tensor;
    }

    /**
     * For a layer's backward pass that is about to write this parameter's whole gradient in one operation:
     * {@code 0} when the gradient is due to be zero ({@link #zeroGrad()} was called and nothing was added since),
     * so the write may overwrite it (a gemm's {@code beta = 0}) and the zeros are never written; {@code 1} when
     * it must add to what is there. After this call the gradient counts as written, so the caller must write
     * all of it, through {@link #grad()}.
     */
    public float gradientBeta() {
        Gradient g = gradient;
        if (g.zeroPending) {
            g.zeroPending = false;
            return 0f;
        }
        return 1f;
    }

    /** Whether an optimizer's weight decay applies to this parameter (see the class comment). */
    public boolean decay() {
        return decay;
    }

    /**
     * Makes the gradient zero before the next backward pass. The zeros are written lazily: by {@link #grad()},
     * or not at all when a layer overwrites the whole gradient ({@link #gradientBeta()}). A reference to the
     * gradient tensor kept from before this call sees the old values until {@link #grad()} is called again.
     */
    public void zeroGrad() {
        gradient.zeroPending = true;
    }

    @Override
    public String toString() {
        return name + value.shape();
    }
}
