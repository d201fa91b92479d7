package io.neurite.backend.nd4j;

import io.neurite.kernel.ActivationKernels;
import io.neurite.kernel.Kernels;

/** The nd4j backend's kernels on {@link Nd4jTensor}s, one object per family. */
final class Nd4jKernels implements Kernels {
    private final Nd4jActivationKernels activations;

    Nd4jKernels(Nd4jBackend backend) {
        this.activations = new Nd4jActivationKernels(backend);
    }

    @Override
    public ActivationKernels activations() {
        return activations;
    }
}
