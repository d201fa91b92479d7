package io.neurite.backend.nd4j;

import io.neurite.conformance.TrainingLoopTests;
import io.neurite.tensor.Backend;

/** Runs {@link TrainingLoopTests} on the nd4j backend, with the kit's tolerances. */
class Nd4jTrainingLoopTest extends TrainingLoopTests {
    @Override
    protected Backend backend() {
        return Nd4jTestBackends.MAIN;
    }
}
