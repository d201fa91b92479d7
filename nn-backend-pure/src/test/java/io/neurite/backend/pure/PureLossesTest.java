package io.neurite.backend.pure;

import io.neurite.conformance.LossesTests;
import io.neurite.tensor.Backend;

class PureLossesTest extends LossesTests {
    private static final Backend BACKEND = new PureBackend(2);

    @Override
    protected Backend backend() {
        return BACKEND;
    }
}
