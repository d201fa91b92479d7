package io.neurite.backend.nd4j;

import io.neurite.conformance.ReductionConformanceTests;
import io.neurite.tensor.Backend;

/** Runs {@link ReductionConformanceTests} on the nd4j backend, with the kit's tolerances. */
class Nd4jReductionTest extends ReductionConformanceTests {
    @Override
    protected Backend backend() {
        return Nd4jTestBackends.MAIN;
    }
}
