package io.neurite.backend.pure;

import io.neurite.conformance.GemmConformanceTests;
import io.neurite.tensor.Backend;

/** The gemm conformance kit with every product, even 1031 x 67 x 129, forced through the unpacked path. */
class PureSmallGemmTest extends GemmConformanceTests {
    private static final Backend BACKEND = new PureBackend(2, Long.MAX_VALUE, Long.MAX_VALUE, 0);

    @Override
    protected Backend backend() {
        return BACKEND;
    }
}
