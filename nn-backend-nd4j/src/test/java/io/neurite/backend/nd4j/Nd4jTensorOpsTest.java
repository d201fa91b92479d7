package io.neurite.backend.nd4j;

import io.neurite.conformance.TensorOpsConformanceTests;
import io.neurite.tensor.Backend;

/** Runs {@link TensorOpsConformanceTests} on the nd4j backend, with the kit's tolerances. */
class Nd4jTensorOpsTest extends TensorOpsConformanceTests {
    @Override
    protected Backend backend() {
        return Nd4jTestBackends.MAIN;
    }
}
