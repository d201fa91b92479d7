package io.neurite.backend.pure;

import io.neurite.conformance.GradientCheckTests;
import io.neurite.tensor.Backend;

class PureGradientCheckTest extends GradientCheckTests {
    private static final Backend BACKEND = new PureBackend(2);

    @Override
    protected Backend backend() {
        return BACKEND;
    }
}
