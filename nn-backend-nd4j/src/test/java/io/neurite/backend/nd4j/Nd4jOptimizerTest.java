package io.neurite.backend.nd4j;

import io.neurite.conformance.OptimizerTests;
import io.neurite.tensor.Backend;

/** Runs {@link OptimizerTests} on the nd4j backend, with the kit's tolerances. */
class Nd4jOptimizerTest extends OptimizerTests {
    @Override
    protected Backend backend() {
        return Nd4jTestBackends.MAIN;
    }
}
