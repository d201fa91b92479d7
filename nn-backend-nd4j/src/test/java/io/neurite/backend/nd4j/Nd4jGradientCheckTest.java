package io.neurite.backend.nd4j;

import io.neurite.conformance.GradientCheckTests;
import io.neurite.tensor.Backend;

/** Runs {@link GradientCheckTests} on the nd4j backend, with the kit's tolerances. */
class Nd4jGradientCheckTest extends GradientCheckTests {
    @Override
    protected Backend backend() {
        return Nd4jTestBackends.MAIN;
    }
}
