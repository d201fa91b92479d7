package io.neurite.backend.pure;

import io.neurite.conformance.GemmConformanceTests;
import io.neurite.tensor.Backend;

/**
 * The gemm conformance kit with every product through the unpacked path and, wherever it has rows enough, split
 * by rows over three threads (uneven shares, in whole register tiles), as products from {@code Gemm.PARALLEL}
 * up to {@code Gemm.SMALL} multiply-adds are.
 */
class PureSplitSmallGemmTest extends GemmConformanceTests {
    private static final Backend BACKEND = new PureBackend(3, Long.MAX_VALUE, 0, 0);

    @Override
    protected Backend backend() {
        return BACKEND;
    }
}
