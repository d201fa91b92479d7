package io.neurite.backend.pure;

import io.neurite.kernel.AdamStep;
import io.neurite.kernel.MomentumStep;
import io.neurite.kernel.OptimizerKernels;
import io.neurite.kernel.TensorOptimizerKernels;
import io.neurite.tensor.Tensor;

/**
 * The fused optimizer updates on {@link PureTensor}s: one pass over each parameter ({@link OptimizerLoops},
 * SIMD on the Vector API path), split over the backend's workers when the parameter is large enough for the
 * split to pay ({@link SplitPolicy}). The scratch tensor of the contract is not used.
 */
final class PureOptimizerKernels implements OptimizerKernels {
    private final PureBackend backend;

    PureOptimizerKernels(PureBackend backend) {
        this.backend = backend;
    }

    private float[] data(String op, Tensor t) {
        if (t instanceof PureTensor p && p.backend() == backend) {
            return p.data;
        }
        return PureTensor.cast(op, backend, t).data;
    }

    @Override
    public void adam(AdamStep s, Tensor param, Tensor grad, Tensor m, Tensor v, Tensor scratch) {
        TensorOptimizerKernels.checkShapes("adam", param, grad, m, v, v);
        float[] p = data("adam", param);
        float[] g = data("adam", grad);
        float[] ms = data("adam", m);
        float[] vs = data("adam", v);
        OptimizerLoops loops = backend.optimizerLoops();
        int grain = backend.split().grain(SplitPolicy.Cost.ADAM);
        if (backend.serial(p.length, grain)) {
            loops.adam(s, p, g, ms, vs, 0, p.length);
        } else {
            backend.parallelElements(p.length, grain, (from, to) -> loops.adam(s, p, g, ms, vs, from, to));
        }
    }

    @Override
    public void momentum(MomentumStep s, Tensor param, Tensor grad, Tensor buffer) {
        TensorOptimizerKernels.checkShapes("momentum", param, grad, buffer, buffer, buffer);
        float[] p = data("momentum", param);
        float[] g = data("momentum", grad);
        float[] b = data("momentum", buffer);
        OptimizerLoops loops = backend.optimizerLoops();
        int grain = backend.split().grain(SplitPolicy.Cost.MOMENTUM);
        if (backend.serial(p.length, grain)) {
            loops.momentum(s, p, g, b, 0, p.length);
        } else {
            backend.parallelElements(p.length, grain, (from, to) -> loops.momentum(s, p, g, b, from, to));
        }
    }
}
