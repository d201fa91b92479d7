package io.neurite.backend.nd4j;

import io.neurite.conformance.BatchNormReluFusionTests;
import io.neurite.tensor.Backend;

/** Runs {@link BatchNormReluFusionTests} on the nd4j backend. */
class Nd4jBatchNormReluFusionTest extends BatchNormReluFusionTests {
    @Override
    protected Backend backend() {
        return Nd4jTestBackends.MAIN;
    }
}
