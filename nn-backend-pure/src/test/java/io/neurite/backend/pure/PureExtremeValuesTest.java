package io.neurite.backend.pure;

import io.neurite.conformance.ExtremeValuesConformanceTests;
import io.neurite.tensor.Backend;

/** Runs {@link ExtremeValuesConformanceTests} on the pure backend. */
class PureExtremeValuesTest extends ExtremeValuesConformanceTests {
    @Override
    protected Backend backend() {
        return PureTestBackends.MAIN;
    }
}
