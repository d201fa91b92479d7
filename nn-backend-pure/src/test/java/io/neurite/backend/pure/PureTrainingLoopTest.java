package io.neurite.backend.pure;

import io.neurite.conformance.TrainingLoopTests;
import io.neurite.tensor.Backend;

class PureTrainingLoopTest extends TrainingLoopTests {
    private static final Backend BACKEND = new PureBackend(2);

    @Override
    protected Backend backend() {
        return BACKEND;
    }
}
