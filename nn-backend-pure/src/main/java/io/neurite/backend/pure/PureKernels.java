package io.neurite.backend.pure;

import io.neurite.kernel.Kernels;

/** The pure backend's kernels on {@link PureTensor}s. */
final class PureKernels implements Kernels {
    private final PureBackend backend;

    PureKernels(PureBackend backend) {
        this.backend = backend;
    }
}
