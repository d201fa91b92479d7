package io.neurite.backend.nd4j;

import io.neurite.kernel.Kernels;

/** The nd4j backend's kernels on {@link Nd4jTensor}s. */
final class Nd4jKernels implements Kernels {
    private final Nd4jBackend backend;

    Nd4jKernels(Nd4jBackend backend) {
        this.backend = backend;
    }
}
