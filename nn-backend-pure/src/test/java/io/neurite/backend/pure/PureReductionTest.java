package io.neurite.backend.pure;

import io.neurite.conformance.ReductionConformanceTests;
import io.neurite.tensor.Backend;

/** Runs {@link ReductionConformanceTests} on the pure backend. */
class PureReductionTest extends ReductionConformanceTests {
    @Override
    protected Backend backend() {
        return PureTestBackends.MAIN;
    }
}
