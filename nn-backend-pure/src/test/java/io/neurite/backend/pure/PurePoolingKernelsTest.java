package io.neurite.backend.pure;

import io.neurite.conformance.PoolingConformanceTests;
import io.neurite.tensor.Backend;

/** Runs {@link PoolingConformanceTests} on the pure backend (on each kernel path and width surefire selects). */
class PurePoolingKernelsTest extends PoolingConformanceTests {
    @Override
    protected Backend backend() {
        return PureTestBackends.MAIN;
    }
}
