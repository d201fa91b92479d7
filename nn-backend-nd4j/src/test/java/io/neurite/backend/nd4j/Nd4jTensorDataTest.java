package io.neurite.backend.nd4j;

import io.neurite.conformance.TensorDataConformanceTests;
import io.neurite.tensor.Backend;

/** Runs {@link TensorDataConformanceTests} on the nd4j backend, with the kit's tolerances. */
class Nd4jTensorDataTest extends TensorDataConformanceTests {
    @Override
    protected Backend backend() {
        return Nd4jTestBackends.MAIN;
    }

    @Override
    protected Backend otherBackend() {
        return Nd4jTestBackends.OTHER;
    }
}
