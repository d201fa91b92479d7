package io.neurite.backend.pure;

import io.neurite.conformance.ModelFileDamageTests;
import io.neurite.tensor.Backend;

/** Damaged, foreign and inconsistent model files, loaded on the pure backend. */
class PureModelFileDamageTest extends ModelFileDamageTests {

    @Override
    protected Backend backend() {
        return PureTestBackends.MAIN;
    }
}
