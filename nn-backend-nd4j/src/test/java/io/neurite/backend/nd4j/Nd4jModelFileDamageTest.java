package io.neurite.backend.nd4j;

import io.neurite.conformance.ModelFileDamageTests;
import io.neurite.tensor.Backend;

/** Damaged, foreign and inconsistent model files, loaded on the ND4J backend. */
class Nd4jModelFileDamageTest extends ModelFileDamageTests {

    @Override
    protected Backend backend() {
        return Nd4jTestBackends.MAIN;
    }
}
