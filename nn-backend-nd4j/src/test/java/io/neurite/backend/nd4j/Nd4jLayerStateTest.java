package io.neurite.backend.nd4j;

import io.neurite.conformance.LayerStateTests;
import io.neurite.tensor.Backend;

class Nd4jLayerStateTest extends LayerStateTests {

    @Override
    protected Backend backend() {
        return Nd4jTestBackends.MAIN;
    }
}
