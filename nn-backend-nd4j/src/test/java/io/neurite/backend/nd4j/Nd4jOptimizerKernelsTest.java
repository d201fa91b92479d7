package io.neurite.backend.nd4j;

import io.neurite.conformance.OptimizerKernelsConformanceTests;
import io.neurite.tensor.Backend;

/** Runs {@link OptimizerKernelsConformanceTests} on the nd4j backend. */
class Nd4jOptimizerKernelsTest extends OptimizerKernelsConformanceTests {
    @Override
    protected Backend backend() {
        return Nd4jTestBackends.MAIN;
    }
}
