package io.neurite.backend.nd4j;

import io.neurite.conformance.LossesTests;
import io.neurite.tensor.Backend;

/** Runs {@link LossesTests} on the nd4j backend, with the kit's tolerances. */
class Nd4jLossesTest extends LossesTests {
    @Override
    protected Backend backend() {
        return Nd4jTestBackends.MAIN;
    }
}
