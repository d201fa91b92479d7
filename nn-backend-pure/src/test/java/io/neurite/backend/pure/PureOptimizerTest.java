package io.neurite.backend.pure;

import io.neurite.conformance.OptimizerTests;
import io.neurite.tensor.Backend;

/** Runs the optimizer and clipping conformance tests on the pure backend. */
class PureOptimizerTest extends OptimizerTests {
    private static final Backend BACKEND = new PureBackend(1);

    @Override
    protected Backend backend() {
        return BACKEND;
    }
}
