package io.neurite.backend.pure;

import io.neurite.kernel.AdamStep;
import io.neurite.kernel.MomentumStep;

/**
 * The fused optimizer updates on {@code float[]} ranges: each element of the parameter, its gradient and its
 * state read once and written once, in the order {@link AdamStep} and {@link MomentumStep} define. This is the
 * scalar path (plain float arithmetic, no {@code Math.fma}, which is slow without hardware FMA);
 * {@code VectorOptimizerLoops} overrides both methods on the SIMD path. Each method works on
 * {@code [from, to)} so that a large parameter can be split over threads.
 */
class OptimizerLoops {

    void adam(AdamStep s, float[] p, float[] g, float[] m, float[] v, int from, int to) {
        float beta1 = s.beta1();
        float mix1 = s.mix1();
        float beta2 = s.beta2();
        float mix2 = s.mix2();
        float eps = s.eps();
        float step = s.stepSize();
        float scale = s.denominatorScale();
        float l2 = s.l2();
        float shrink = s.shrink();
        for (int i = from; i < to; i++) {
            float pi = p[i];
            float d = g[i] + l2 * pi;
            float mi = beta1 * m[i] + mix1 * d;
            float vi = beta2 * v[i] + mix2 * (d * d);
            m[i] = mi;
            v[i] = vi;
            p[i] = shrink * pi - step * (mi / ((float) Math.sqrt(vi) * scale + eps));
        }
    }

    void momentum(MomentumStep s, float[] p, float[] g, float[] b, int from, int to) {
        float lr = s.lr();
        float mu = s.momentum();
        float keep = s.keep();
        float l2 = s.l2();
        boolean first = s.first();
        boolean nesterov = s.nesterov();
        for (int i = from; i < to; i++) {
            float pi = p[i];
            float d = g[i] + l2 * pi;
            float bi = first ? d : mu * b[i] + keep * d;
            b[i] = bi;
            p[i] = pi - lr * (nesterov ? d + mu * bi : bi);
        }
    }
}
