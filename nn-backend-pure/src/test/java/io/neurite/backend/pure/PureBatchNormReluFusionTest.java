package io.neurite.backend.pure;

import io.neurite.conformance.BatchNormReluFusionTests;
import io.neurite.tensor.Backend;

/** Runs {@link BatchNormReluFusionTests} on the pure backend. */
class PureBatchNormReluFusionTest extends BatchNormReluFusionTests {
    @Override
    protected Backend backend() {
        return PureTestBackends.MAIN;
    }
}
