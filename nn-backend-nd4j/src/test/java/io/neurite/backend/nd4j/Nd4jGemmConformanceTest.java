package io.neurite.backend.nd4j;

import io.neurite.conformance.GemmConformanceTests;
import io.neurite.tensor.Backend;

/** Runs {@link GemmConformanceTests} on the nd4j backend, with the kit's tolerances. */
class Nd4jGemmConformanceTest extends GemmConformanceTests {
    @Override
    protected Backend backend() {
        return Nd4jTestBackends.MAIN;
    }
}
