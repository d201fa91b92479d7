package io.neurite.backend.nd4j;

import io.neurite.conformance.ExtremeValuesConformanceTests;
import io.neurite.tensor.Backend;

/** Runs {@link ExtremeValuesConformanceTests} on the nd4j backend, with the kit's tolerances. */
class Nd4jExtremeValuesTest extends ExtremeValuesConformanceTests {
    @Override
    protected Backend backend() {
        return Nd4jTestBackends.MAIN;
    }
}
