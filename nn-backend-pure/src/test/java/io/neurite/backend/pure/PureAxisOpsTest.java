package io.neurite.backend.pure;

import io.neurite.conformance.AxisOpsConformanceTests;
import io.neurite.tensor.Backend;

/** Runs {@link AxisOpsConformanceTests} on the pure backend. */
class PureAxisOpsTest extends AxisOpsConformanceTests {
    @Override
    protected Backend backend() {
        return PureTestBackends.MAIN;
    }
}
