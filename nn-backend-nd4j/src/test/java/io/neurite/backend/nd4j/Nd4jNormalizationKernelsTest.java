package io.neurite.backend.nd4j;

import io.neurite.conformance.NormalizationConformanceTests;
import io.neurite.tensor.Backend;

/** Runs {@link NormalizationConformanceTests} on the nd4j backend. */
class Nd4jNormalizationKernelsTest extends NormalizationConformanceTests {
    @Override
    protected Backend backend() {
        return Nd4jTestBackends.MAIN;
    }
}
