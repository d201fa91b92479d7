package io.neurite.backend.pure;

import io.neurite.conformance.GemmConformanceTests;
import io.neurite.tensor.Backend;

/**
 * The gemm conformance kit with every product, even 1 x 1 x 1, forced through the packed, blocked path on
 * three threads (so edge tiles, column splits and the pool are exercised at every size), all of k packed at once.
 */
class PurePackedGemmTest extends GemmConformanceTests {
    private static final Backend BACKEND = new PureBackend(3, 0, 0, Long.MAX_VALUE);

    @Override
    protected Backend backend() {
        return BACKEND;
    }
}
