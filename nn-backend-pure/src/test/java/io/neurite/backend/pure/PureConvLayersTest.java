package io.neurite.backend.pure;

import io.neurite.conformance.ConvLayersTests;
import io.neurite.tensor.Backend;

/** Runs {@link ConvLayersTests} on the pure backend. */
class PureConvLayersTest extends ConvLayersTests {
    @Override
    protected Backend backend() {
        return PureTestBackends.MAIN;
    }
}
