package io.neurite.backend.nd4j;

import io.neurite.conformance.MetricsTensorTests;
import io.neurite.tensor.Backend;

/** Runs {@link MetricsTensorTests} on the nd4j backend, with the kit's tolerances. */
class Nd4jMetricsTensorTest extends MetricsTensorTests {
    @Override
    protected Backend backend() {
        return Nd4jTestBackends.MAIN;
    }
}
