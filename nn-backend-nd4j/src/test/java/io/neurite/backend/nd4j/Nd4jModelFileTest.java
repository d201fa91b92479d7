package io.neurite.backend.nd4j;

import io.neurite.conformance.ModelFileTests;
import io.neurite.tensor.Backend;

/**
 * Model files on the ND4J backend, and across backends: saved on ND4J and loaded on pure, and back. The
 * weights cross bit for bit; predictions agree within float32 rounding of two different gemm kernels.
 */
class Nd4jModelFileTest extends ModelFileTests {

    @Override
    protected Backend backend() {
        return Nd4jTestBackends.MAIN;
    }

    @Override
    protected Backend otherBackend() {
        return Nd4jTestBackends.OTHER;
    }

    @Override
    protected double crossBackendTolerance() {
        return 1e-5;
    }
}
