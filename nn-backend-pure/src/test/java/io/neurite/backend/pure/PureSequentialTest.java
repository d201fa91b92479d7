package io.neurite.backend.pure;

import io.neurite.conformance.SequentialTests;
import io.neurite.tensor.Backend;

class PureSequentialTest extends SequentialTests {
    private static final Backend BACKEND = new PureBackend(2);

    @Override
    protected Backend backend() {
        return BACKEND;
    }
}
