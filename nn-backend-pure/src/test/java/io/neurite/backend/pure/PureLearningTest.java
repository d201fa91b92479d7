package io.neurite.backend.pure;

import io.neurite.conformance.LearningTests;
import io.neurite.tensor.Backend;

class PureLearningTest extends LearningTests {
    private static final Backend BACKEND = new PureBackend(2);

    @Override
    protected Backend backend() {
        return BACKEND;
    }
}
