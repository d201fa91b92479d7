package io.neurite.optim;

import io.neurite.nn.Parameter;
import java.util.List;

/**
 * Updates parameters from their gradients. Per-parameter state (momentum, moment estimates) is created
 * lazily on the first {@link #step} and kept per parameter, keyed by {@link Parameter#name()} (names are
 * unique within a model); all math is done with Tensor operations, so an optimizer works on every backend.
 *
 * <p>Call order in a training loop: zero the gradients, forward, backward, optionally clip
 * ({@link GradientClipping}), then {@link #step}. An optimizer is not thread-safe.
 *
 * <p>Saving and resuming: {@link #state()} exports the step counter and every state tensor keyed
 * {@code "<parameter name>/<slot>"}; {@link #loadState} puts them back for a model with the same parameter
 * names and shapes, possibly on another backend. A model file (format 2) also saves the hyper-parameters and
 * the schedule, and gives the optimizer back whole: {@code io.neurite.io.SavedModel#optimizer()}.
 *
 * <p>Weight decay, where an optimizer has it, applies only to the parameters whose
 * {@link Parameter#decay()} is true: a layer's biases and normalisation parameters are left alone.
 */
public interface Optimizer {

    /**
     * Applies one update to every parameter from its current gradient and advances the step counter.
     * Does not zero the gradients and does not change them. Pass the same parameters on every step.
     */
    void step(List<Parameter> parameters);

    /** Number of {@link #step} calls so far (restored by {@link #loadState}). */
    long iterations();

    /** The learning rate the next step will use. */
    double currentLearningRate();

    /**
     * The step counter and the per-parameter state tensors, live: the tensors are this optimizer's own and
     * change at the next {@link #step}, so write or copy them before stepping again.
     *
     * @throws UnsupportedOperationException if this optimizer cannot export its state
     */
    default OptimizerState state() {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " cannot export its state");
    }

    /**
     * Replaces this optimizer's state with a copy of {@code state} (typically read from a model file), bound
     * to {@code parameters}. Either everything is loaded or, on any mismatch (another optimizer type, an
     * unknown parameter name or slot, a wrong shape, a parameter with only some of its slots), nothing
     * changes and the exception says which entry is wrong. Parameters with no entry start fresh.
     *
     * @throws UnsupportedOperationException if this optimizer cannot import state
     */
    default void loadState(OptimizerState state, List<Parameter> parameters) {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " cannot import state");
    }
}
