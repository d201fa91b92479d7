package io.neurite.backend.pure;

import io.neurite.conformance.GemmConformanceTests;
import io.neurite.tensor.Backend;

/** Runs {@link GemmConformanceTests} on the pure backend. */
class PureGemmTest extends GemmConformanceTests {
    @Override
    protected Backend backend() {
        return PureTestBackends.MAIN;
    }
}
