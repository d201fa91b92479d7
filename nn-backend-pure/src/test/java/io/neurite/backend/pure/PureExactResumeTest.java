package io.neurite.backend.pure;

import io.neurite.conformance.ExactResumeTests;
import io.neurite.tensor.Backend;

/** Exact resume on the pure backend, in each kernel path the tests run (the child JVM gets the same). */
class PureExactResumeTest extends ExactResumeTests {

    @Override
    protected Backend backend() {
        return PureTestBackends.MAIN;
    }
}
