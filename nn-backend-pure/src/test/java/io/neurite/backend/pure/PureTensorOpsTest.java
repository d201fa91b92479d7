package io.neurite.backend.pure;

import io.neurite.conformance.TensorOpsConformanceTests;
import io.neurite.tensor.Backend;

/** Runs {@link TensorOpsConformanceTests} on the pure backend. */
class PureTensorOpsTest extends TensorOpsConformanceTests {
    @Override
    protected Backend backend() {
        return PureTestBackends.MAIN;
    }
}
