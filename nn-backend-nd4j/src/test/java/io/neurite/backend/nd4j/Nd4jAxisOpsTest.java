package io.neurite.backend.nd4j;

import io.neurite.conformance.AxisOpsConformanceTests;
import io.neurite.tensor.Backend;

/** Runs {@link AxisOpsConformanceTests} on the nd4j backend. */
class Nd4jAxisOpsTest extends AxisOpsConformanceTests {
    @Override
    protected Backend backend() {
        return Nd4jTestBackends.MAIN;
    }
}
