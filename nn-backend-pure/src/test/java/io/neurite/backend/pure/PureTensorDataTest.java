package io.neurite.backend.pure;

import io.neurite.conformance.TensorDataConformanceTests;
import io.neurite.tensor.Backend;

/** Runs {@link TensorDataConformanceTests} on the pure backend. */
class PureTensorDataTest extends TensorDataConformanceTests {
    @Override
    protected Backend backend() {
        return PureTestBackends.MAIN;
    }

    @Override
    protected Backend otherBackend() {
        return PureTestBackends.OTHER;
    }
}
