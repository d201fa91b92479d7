package io.neurite.backend.pure;

import io.neurite.conformance.ConvLayersGradientCheckTests;
import io.neurite.tensor.Backend;

/** Runs {@link ConvLayersGradientCheckTests} on the pure backend. */
class PureConvLayersGradientCheckTest extends ConvLayersGradientCheckTests {
    @Override
    protected Backend backend() {
        return PureTestBackends.MAIN;
    }
}
