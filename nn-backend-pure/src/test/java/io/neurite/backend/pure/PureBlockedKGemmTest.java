package io.neurite.backend.pure;

import io.neurite.conformance.GemmConformanceTests;
import io.neurite.tensor.Backend;

/**
 * The gemm conformance kit with every product through the packed path on two threads, packing and
 * computing one KC-block of k at a time (the path for products whose packed B would not fit in cache).
 */
class PureBlockedKGemmTest extends GemmConformanceTests {
    private static final Backend BACKEND = new PureBackend(2, 0, 0, 0);

    @Override
    protected Backend backend() {
        return BACKEND;
    }
}
