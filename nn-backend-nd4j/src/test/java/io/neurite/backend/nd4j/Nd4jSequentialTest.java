package io.neurite.backend.nd4j;

import io.neurite.conformance.SequentialTests;
import io.neurite.tensor.Backend;

/** Runs {@link SequentialTests} on the nd4j backend, with the kit's tolerances. */
class Nd4jSequentialTest extends SequentialTests {
    @Override
    protected Backend backend() {
        return Nd4jTestBackends.MAIN;
    }
}
