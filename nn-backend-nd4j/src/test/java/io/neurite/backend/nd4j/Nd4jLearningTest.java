package io.neurite.backend.nd4j;

import io.neurite.conformance.LearningTests;
import io.neurite.tensor.Backend;

/** Runs {@link LearningTests} on the nd4j backend, with the kit's tolerances. */
class Nd4jLearningTest extends LearningTests {
    @Override
    protected Backend backend() {
        return Nd4jTestBackends.MAIN;
    }
}
