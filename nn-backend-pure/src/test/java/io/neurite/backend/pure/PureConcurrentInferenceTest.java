package io.neurite.backend.pure;

import io.neurite.conformance.ConcurrentInferenceTests;
import io.neurite.tensor.Backend;

/** Sixteen threads predicting at once on the pure backend (with its worker pool). */
class PureConcurrentInferenceTest extends ConcurrentInferenceTests {

    @Override
    protected Backend backend() {
        return PureTestBackends.MAIN;
    }
}
