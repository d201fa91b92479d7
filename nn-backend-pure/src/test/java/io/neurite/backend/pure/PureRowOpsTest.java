package io.neurite.backend.pure;

import io.neurite.conformance.RowOpsConformanceTests;
import io.neurite.tensor.Backend;

/** Runs {@link RowOpsConformanceTests} on the pure backend. */
class PureRowOpsTest extends RowOpsConformanceTests {
    @Override
    protected Backend backend() {
        return PureTestBackends.MAIN;
    }
}
