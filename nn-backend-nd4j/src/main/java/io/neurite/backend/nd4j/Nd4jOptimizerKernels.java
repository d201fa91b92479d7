package io.neurite.backend.nd4j;

import io.neurite.kernel.AdamStep;
import io.neurite.kernel.MomentumStep;
import io.neurite.kernel.OptimizerKernels;
import io.neurite.kernel.TensorOptimizerKernels;
import io.neurite.tensor.Tensor;
import java.nio.FloatBuffer;

/**
 * The fused optimizer updates on ND4J arrays: one Java pass over each parameter's native memory, in the
 * arithmetic of {@link AdamStep} and {@link MomentumStep} (the pure backend's scalar path), instead of about
 * ten libnd4j ops per Adam step. libnd4j's own {@code adam_updater} was not used: it adds {@code eps} to
 * {@code sqrt(v)} before the bias correction (the "epsilon hat" form), which is not PyTorch's rule, and it
 * returns the update in a separate array that would then need one more op to apply. The scratch tensor of
 * the contract is not used.
 */
final class Nd4jOptimizerKernels implements OptimizerKernels {
    private final Nd4jBackend backend;

    Nd4jOptimizerKernels(Nd4jBackend backend) {
        this.backend = backend;
    }

    private FloatBuffer view(String op, Tensor t) {
        if (t instanceof Nd4jTensor n && n.backend() == backend) {
            return n.view();
        }
        return Nd4jTensor.cast(op, backend, t).view();
    }

    @Override
    public void adam(AdamStep s, Tensor param, Tensor grad, Tensor m, Tensor v, Tensor scratch) {
        TensorOptimizerKernels.checkShapes("adam", param, grad, m, v, v);
        FloatBuffer p = view("adam", param);
        FloatBuffer g = view("adam", grad);
        FloatBuffer ms = view("adam", m);
        FloatBuffer vs = view("adam", v);
        float beta1 = s.beta1();
        float mix1 = s.mix1();
        float beta2 = s.beta2();
        float mix2 = s.mix2();
        float eps = s.eps();
        float step = s.stepSize();
        float scale = s.denominatorScale();
        float l2 = s.l2();
        float shrink = s.shrink();
        int n = param.size();
        for (int i = 0; i < n; i++) {
            float pi = p.get(i);
            float d = g.get(i) + l2 * pi;
            float mi = beta1 * ms.get(i) + mix1 * d;
            float vi = beta2 * vs.get(i) + mix2 * (d * d);
            ms.put(i, mi);
            vs.put(i, vi);
            p.put(i, shrink * pi - step * (mi / ((float) Math.sqrt(vi) * scale + eps)));
        }
    }

    @Override
    public void momentum(MomentumStep s, Tensor param, Tensor grad, Tensor buffer) {
        TensorOptimizerKernels.checkShapes("momentum", param, grad, buffer, buffer, buffer);
        FloatBuffer p = view("momentum", param);
        FloatBuffer g = view("momentum", grad);
        FloatBuffer b = view("momentum", buffer);
        float lr = s.lr();
        float mu = s.momentum();
        float keep = s.keep();
        float l2 = s.l2();
        boolean first = s.first();
        boolean nesterov = s.nesterov();
        int n = param.size();
        for (int i = 0; i < n; i++) {
            float pi = p.get(i);
            float d = g.get(i) + l2 * pi;
            float bi = first ? d : mu * b.get(i) + keep * d;
            b.put(i, bi);
            p.put(i, pi - lr * (nesterov ? d + mu * bi : bi));
        }
    }
}
