package io.neurite.backend.nd4j;

import io.neurite.conformance.ActivationKernelsConformanceTests;
import io.neurite.tensor.Backend;

/** Runs {@link ActivationKernelsConformanceTests} on the nd4j backend. */
class Nd4jActivationKernelsTest extends ActivationKernelsConformanceTests {
    @Override
    protected Backend backend() {
        return Nd4jTestBackends.MAIN;
    }
}
