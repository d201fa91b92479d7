package io.neurite.backend.nd4j;

import io.neurite.conformance.ConvLayersTests;
import io.neurite.tensor.Backend;

/** Runs {@link ConvLayersTests} on the nd4j backend. */
class Nd4jConvLayersTest extends ConvLayersTests {
    @Override
    protected Backend backend() {
        return Nd4jTestBackends.MAIN;
    }
}
