package io.neurite.backend.nd4j;

import io.neurite.conformance.PoolingConformanceTests;
import io.neurite.tensor.Backend;

/** Runs {@link PoolingConformanceTests} on the nd4j backend. */
class Nd4jPoolingKernelsTest extends PoolingConformanceTests {
    @Override
    protected Backend backend() {
        return Nd4jTestBackends.MAIN;
    }
}
