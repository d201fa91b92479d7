package io.neurite.nn;

import io.neurite.tensor.Backend;
import io.neurite.tensor.Shape;
import io.neurite.tensor.Tensor;
import java.util.List;

/**
 * One step of a model: a differentiable function of a batch, with optional trainable {@link Parameter}s.
 *
 * <h2>Shapes</h2>
 * Shapes passed to {@link #outputShape} and {@link #build} are <em>per sample</em>, without the batch
 * dimension: a {@code Dense 784→128} maps {@code [784]} to {@code [128]}. Tensors passed to
 * {@link #forward} and {@link #backward} carry the batch as their first dimension: {@code [batch, 784]}.
 *
 * <h2>Life cycle and call order</h2>
 * <ol>
 *   <li>{@link #outputShape} checks an input shape and says what comes out, before any data flows;
 *       it throws {@link LayerShapeException} for an input the layer cannot take.</li>
 *   <li>{@link #build} creates the parameters on a backend (once; {@code Sequential} calls it).</li>
 *   <li>{@code forward(x, true)} then {@code backward(dY)}: a training step. {@code backward} uses what the
 *       last training forward cached, returns dLoss/dInput and <em>adds</em> dLoss/dParameter into each
 *       parameter's {@link Parameter#grad()} (the caller zeroes them between steps).</li>
 *   <li>{@code forward(x, false)}: inference. It caches nothing and writes no field of the layer, so
 *       any number of threads may run it at once (while no thread trains the layer).</li>
 * </ol>
 *
 * <h2>Buffer ownership</h2>
 * To let a training step run without allocating tensors after its first batch, the tensors returned by
 * {@code forward(x, true)} and {@code backward} are buffers owned by the layer and reused for the next
 * batch of the same size: they are valid until the next training call. The inference path returns new
 * tensors that belong to the caller. A layer keeps a reference to the training input it was given, so
 * that input must not change before {@code backward}.
 */
public interface Layer {

    /**
     * The per-sample output shape for a per-sample {@code inputShape}, or a {@link LayerShapeException}
     * saying what the layer expects.
     */
    Shape outputShape(Shape inputShape);

    /**
     * Creates the parameters on {@code backend} for inputs of per-sample shape {@code inputShape} (already
     * checked by {@link #outputShape}). Building twice on the same backend does nothing; a layer built on
     * one backend cannot be built on another. Layers without parameters need not override it.
     */
    default void build(Backend backend, Shape inputShape) {
    }

    /**
     * The output for a batch {@code input}. With {@code training} the layer caches what
     * {@link #backward} needs and may return one of its own reusable buffers; without it, it returns a
     * new tensor (or, for an identity, {@code input} itself) and changes no state.
     */
    Tensor forward(Tensor input, boolean training);

    /**
     * dLoss/dInput for the last training {@link #forward}, given dLoss/dOutput; accumulates parameter
     * gradients. The returned tensor is a buffer of this layer.
     */
    Tensor backward(Tensor gradOutput);

    /**
     * As {@link #backward(Tensor)}, but when {@code inputGradientNeeded} is false (the first layer of a
     * model) the layer may skip computing dLoss/dInput and return {@code null}. Parameter gradients are
     * always accumulated.
     */
    default Tensor backward(Tensor gradOutput, boolean inputGradientNeeded) {
        return backward(gradOutput);
    }

    /** The trainable parameters, named locally ({@code weight}, {@code bias}); empty if there are none. */
    List<Parameter> parameters();

    /**
     * The non-trainable state, named locally ({@code running_mean}); empty if there is none. Model files save
     * buffers; optimizers never touch them.
     */
    default List<Buffer> buffers() {
        return List.of();
    }

    /** A short description used in error messages and summaries, e.g. {@code Dense 784→128}. */
    @Override
    String toString();
}
