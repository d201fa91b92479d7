package io.neurite.backend.nd4j;

import io.neurite.conformance.RowOpsConformanceTests;
import io.neurite.tensor.Backend;

/** Runs {@link RowOpsConformanceTests} on the nd4j backend, with the kit's tolerances. */
class Nd4jRowOpsTest extends RowOpsConformanceTests {
    @Override
    protected Backend backend() {
        return Nd4jTestBackends.MAIN;
    }
}
