package io.neurite.backend.nd4j;

import io.neurite.conformance.ConvLayersGradientCheckTests;
import io.neurite.tensor.Backend;

/** Runs {@link ConvLayersGradientCheckTests} on the nd4j backend. */
class Nd4jConvLayersGradientCheckTest extends ConvLayersGradientCheckTests {
    @Override
    protected Backend backend() {
        return Nd4jTestBackends.MAIN;
    }
}
