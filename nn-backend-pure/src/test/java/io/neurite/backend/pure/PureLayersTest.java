package io.neurite.backend.pure;

import io.neurite.conformance.LayersTests;
import io.neurite.tensor.Backend;

class PureLayersTest extends LayersTests {
    private static final Backend BACKEND = new PureBackend(2);

    @Override
    protected Backend backend() {
        return BACKEND;
    }
}
