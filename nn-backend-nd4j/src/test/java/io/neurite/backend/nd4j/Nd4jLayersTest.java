package io.neurite.backend.nd4j;

import io.neurite.conformance.LayersTests;
import io.neurite.tensor.Backend;

/** Runs {@link LayersTests} on the nd4j backend, with the kit's tolerances. */
class Nd4jLayersTest extends LayersTests {
    @Override
    protected Backend backend() {
        return Nd4jTestBackends.MAIN;
    }
}
