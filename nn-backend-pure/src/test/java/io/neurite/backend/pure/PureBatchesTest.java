package io.neurite.backend.pure;

import io.neurite.conformance.BatchesTests;
import io.neurite.tensor.Backend;

class PureBatchesTest extends BatchesTests {
    private static final Backend BACKEND = new PureBackend(2);

    @Override
    protected Backend backend() {
        return BACKEND;
    }
}
