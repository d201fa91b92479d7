package io.neurite.backend.pure;

import io.neurite.conformance.NormalizationConformanceTests;
import io.neurite.tensor.Backend;

/** Runs {@link NormalizationConformanceTests} on the pure backend (on each kernel path and width surefire selects). */
class PureNormalizationKernelsTest extends NormalizationConformanceTests {
    @Override
    protected Backend backend() {
        return PureTestBackends.MAIN;
    }
}
