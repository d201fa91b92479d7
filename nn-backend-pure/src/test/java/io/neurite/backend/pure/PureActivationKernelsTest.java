package io.neurite.backend.pure;

import io.neurite.conformance.ActivationKernelsConformanceTests;
import io.neurite.tensor.Backend;

/** Runs {@link ActivationKernelsConformanceTests} on the pure backend (on each kernel path surefire selects). */
class PureActivationKernelsTest extends ActivationKernelsConformanceTests {
    @Override
    protected Backend backend() {
        return PureTestBackends.MAIN;
    }
}
