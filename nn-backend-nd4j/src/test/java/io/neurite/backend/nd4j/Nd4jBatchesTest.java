package io.neurite.backend.nd4j;

import io.neurite.conformance.BatchesTests;
import io.neurite.tensor.Backend;

/** Runs {@link BatchesTests} on the nd4j backend, with the kit's tolerances. */
class Nd4jBatchesTest extends BatchesTests {
    @Override
    protected Backend backend() {
        return Nd4jTestBackends.MAIN;
    }
}
