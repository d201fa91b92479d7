package io.neurite.backend.pure;

import io.neurite.kernel.ActivationKernels;
import io.neurite.kernel.Kernels;

/** The pure backend's kernels on {@link PureTensor}s, one object per family. */
final class PureKernels implements Kernels {
    private final PureActivationKernels activations;

    PureKernels(PureBackend backend) {
        this.activations = new PureActivationKernels(backend);
    }

    @Override
    public ActivationKernels activations() {
        return activations;
    }
}
