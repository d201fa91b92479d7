package io.neurite.backend.nd4j;

import io.neurite.conformance.ExactResumeTests;
import io.neurite.tensor.Backend;

/** Exact resume on the ND4J backend: its kernels give the same bits from run to run and JVM to JVM. */
class Nd4jExactResumeTest extends ExactResumeTests {

    @Override
    protected Backend backend() {
        return Nd4jTestBackends.MAIN;
    }
}
