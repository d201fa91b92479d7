package io.neurite.backend.pure;

import io.neurite.conformance.ConvolutionConformanceTests;
import io.neurite.tensor.Backend;

/** Runs {@link ConvolutionConformanceTests} on the pure backend. */
class PureConvolutionTest extends ConvolutionConformanceTests {
    @Override
    protected Backend backend() {
        return PureTestBackends.MAIN;
    }
}
