package io.neurite.backend.pure;

import io.neurite.conformance.MetricsTensorTests;
import io.neurite.tensor.Backend;

class PureMetricsTensorTest extends MetricsTensorTests {
    private static final Backend BACKEND = new PureBackend(2);

    @Override
    protected Backend backend() {
        return BACKEND;
    }
}
