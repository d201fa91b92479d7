package io.neurite.backend.pure;

import io.neurite.conformance.OptimizerKernelsConformanceTests;
import io.neurite.tensor.Backend;

/** Runs {@link OptimizerKernelsConformanceTests} on the pure backend (on each kernel path surefire selects). */
class PureOptimizerKernelsTest extends OptimizerKernelsConformanceTests {
    @Override
    protected Backend backend() {
        return PureTestBackends.MAIN;
    }
}
