package io.neurite.backend.pure;

import io.neurite.conformance.LayerStateTests;
import io.neurite.tensor.Backend;

class PureLayerStateTest extends LayerStateTests {

    @Override
    protected Backend backend() {
        return PureTestBackends.MAIN;
    }
}
