package io.neurite.backend.pure;

import io.neurite.conformance.ConvolutionConformanceTests;
import io.neurite.tensor.Backend;

/**
 * The convolution conformance kit with every convolution on the packed path (no product is small enough for
 * the unpacked gemm), on three threads, with a k-block of 16 so that every product's k-dimension (K, F or the
 * pixels) is cut into several blocks.
 */
class PurePackedConvolutionTest extends ConvolutionConformanceTests {
    private static final Backend BACKEND = withKc(16);

    static Backend withKc(int kc) {
        String before = System.getProperty("neurite.gemm.kc");
        System.setProperty("neurite.gemm.kc", Integer.toString(kc));
        try {
            return new PureBackend(3, 0, 0, Long.MAX_VALUE);
        } finally {
            if (before == null) {
                System.clearProperty("neurite.gemm.kc");
            } else {
                System.setProperty("neurite.gemm.kc", before);
            }
        }
    }

    @Override
    protected Backend backend() {
        return BACKEND;
    }
}
