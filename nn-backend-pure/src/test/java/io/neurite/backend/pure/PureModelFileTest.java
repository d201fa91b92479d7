package io.neurite.backend.pure;

import io.neurite.conformance.ModelFileTests;
import io.neurite.tensor.Backend;

/** Model files on the pure backend; the "other" backend is a second, single-threaded pure instance. */
class PureModelFileTest extends ModelFileTests {

    @Override
    protected Backend backend() {
        return PureTestBackends.MAIN;
    }

    @Override
    protected Backend otherBackend() {
        return PureTestBackends.OTHER;
    }
}
