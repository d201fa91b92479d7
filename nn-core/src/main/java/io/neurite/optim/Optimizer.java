package io.neurite.optim;

import io.neurite.nn.Parameter;
import java.util.List;

/**
 * Updates parameters from their gradients. Per-parameter state (momentum, moment estimates) is created
 * lazily on the first {@link #step} and kept per {@link Parameter} instance; all math is done with Tensor
 * operations, so an optimizer works on every backend.
 */
public interface Optimizer {

    /**
     * Applies one update to every parameter from its current gradient and advances the step counter.
     * Does not zero the gradients.
     */
    void step(List<Parameter> parameters);

    /** Number of {@link #step} calls so far. */
    long iterations();

    /** The learning rate the next step will use. */
    double currentLearningRate();
}
