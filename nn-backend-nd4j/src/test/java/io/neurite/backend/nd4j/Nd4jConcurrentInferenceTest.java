package io.neurite.backend.nd4j;

import io.neurite.conformance.ConcurrentInferenceTests;
import io.neurite.tensor.Backend;

/** Eight threads predicting at once on the ND4J backend, bit for bit as one thread does. */
class Nd4jConcurrentInferenceTest extends ConcurrentInferenceTests {

    @Override
    protected Backend backend() {
        return Nd4jTestBackends.MAIN;
    }
}
