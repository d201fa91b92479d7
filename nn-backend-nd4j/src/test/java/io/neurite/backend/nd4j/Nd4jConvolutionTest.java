package io.neurite.backend.nd4j;

import io.neurite.conformance.ConvolutionConformanceTests;
import io.neurite.tensor.Backend;

/** Runs {@link ConvolutionConformanceTests} on the nd4j backend. */
class Nd4jConvolutionTest extends ConvolutionConformanceTests {
    @Override
    protected Backend backend() {
        return Nd4jTestBackends.MAIN;
    }
}
