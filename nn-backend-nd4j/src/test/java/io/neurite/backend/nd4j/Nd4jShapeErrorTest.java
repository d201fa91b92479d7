package io.neurite.backend.nd4j;

import io.neurite.conformance.ShapeErrorConformanceTests;
import io.neurite.tensor.Backend;

/** Runs {@link ShapeErrorConformanceTests} on the nd4j backend, with the kit's tolerances. */
class Nd4jShapeErrorTest extends ShapeErrorConformanceTests {
    @Override
    protected Backend backend() {
        return Nd4jTestBackends.MAIN;
    }

    @Override
    protected Backend otherBackend() {
        return Nd4jTestBackends.OTHER;
    }
}
