package io.neurite.backend.pure;

import io.neurite.conformance.ShapeErrorConformanceTests;
import io.neurite.tensor.Backend;

/** Runs {@link ShapeErrorConformanceTests} on the pure backend. */
class PureShapeErrorTest extends ShapeErrorConformanceTests {
    @Override
    protected Backend backend() {
        return PureTestBackends.MAIN;
    }

    @Override
    protected Backend otherBackend() {
        return PureTestBackends.OTHER;
    }
}
