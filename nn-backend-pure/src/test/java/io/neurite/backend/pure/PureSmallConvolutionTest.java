package io.neurite.backend.pure;

import io.neurite.conformance.ConvolutionConformanceTests;
import io.neurite.tensor.Backend;

/**
 * The convolution conformance kit with every convolution on the small-product path (im2col of one image and
 * the unpacked gemm), on two threads.
 */
class PureSmallConvolutionTest extends ConvolutionConformanceTests {
    private static final Backend BACKEND = new PureBackend(2, Long.MAX_VALUE, Long.MAX_VALUE, Long.MAX_VALUE);

    @Override
    protected Backend backend() {
        return BACKEND;
    }
}
