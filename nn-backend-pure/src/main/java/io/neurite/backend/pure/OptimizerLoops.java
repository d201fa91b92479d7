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
        float dMin1 = dMin1(s);
        float mMin = mMin(s);
        float dMin2 = dMin2(s);
        float vMin = vMin(s);
        for (int i = from; i < to; i++) {
            float pi = p[i];
            float gi = g[i];
            float d = (Math.abs(gi) < Float.MIN_NORMAL ? 0f : gi) + l2 * pi;
            float mOld = m[i];
            float vOld = v[i];
            float dm = Math.abs(d) < dMin1 ? 0f : d;
            float dv = Math.abs(d) < dMin2 ? 0f : d;
            float mi = beta1 * (Math.abs(mOld) < mMin ? 0f : mOld) + mix1 * dm;
            float vi = beta2 * (Math.abs(vOld) < vMin ? 0f : vOld) + mix2 * (dv * dv);
            m[i] = mi;
            v[i] = vi;
            float den = (float) Math.sqrt(vi) * scale + eps;
            float mq = Math.abs(mi) * Q_SCALE < den ? 0f : mi;
            p[i] = shrink * pi - step * (mq / den);
        }
    }

    // Flush to zero. Java cannot set the CPU's flush-to-zero / denormals-are-zero modes, and on Intel cores every
    // float operation that reads or yields a subnormal (|x| < Float.MIN_NORMAL, about 1.2e-38) takes a microcode
    // assist of a hundred cycles or more. Adam's state runs into that range as a matter of course: a moment with
    // no new gradient decays by beta1 (0.9) per step and is subnormal for about 150 steps before it reaches 0,
    // and a gradient below 1e-19 has a subnormal square. On a Xeon (AVX-512) an update with such values took 1.2
    // to 2.3 ms per 235,146 parameters instead of 0.115, and made up two thirds of an MLP training step. So every
    // input of each product is taken as 0 where the product (or the sum it starts) would be subnormal, which
    // is what FTZ/DAZ do in hardware: the dropped terms are below 1.2e-38 in m, v and the update. NaN and
    // infinities pass (a comparison with NaN is false). Each threshold is MIN_NORMAL over the coefficient
    // that multiplies the value (infinite for a zero coefficient, whose product is 0 either way).

    /** Below this |d| the gradient's share of m, {@code mix1 * d}, would be subnormal. */
    static float dMin1(AdamStep s) {
        return Float.MIN_NORMAL / s.mix1();
    }

    /** Below this |m| the decayed moment {@code beta1 * m} would be subnormal. */
    static float mMin(AdamStep s) {
        return Float.MIN_NORMAL / s.beta1();
    }

    /** Below this |d| the square's share of v, {@code mix2 * d * d}, would be subnormal. */
    static float dMin2(AdamStep s) {
        return (float) Math.sqrt(Float.MIN_NORMAL / (double) Math.min(1f, s.mix2()));
    }

    /** Below this |v| the decayed moment {@code beta2 * v} would be subnormal. */
    static float vMin(AdamStep s) {
        return Float.MIN_NORMAL / s.beta2();
    }

    /**
     * {@code 2^126 = 1 / MIN_NORMAL}: {@code |m| * Q_SCALE < den} says that {@code m / den} would be subnormal,
     * without computing a subnormal on the way (a product that overflows to infinity compares as large, which
     * is right).
     */
    static final float Q_SCALE = 0x1p126f;

    /** Below this |b| the decayed buffer {@code momentum * b} would be subnormal. */
    static float bMin(MomentumStep s) {
        return Float.MIN_NORMAL / s.momentum();
    }

    /** Below this |d| the gradient's share of the buffer, {@code keep * d}, would be subnormal. */
    static float dMinMomentum(MomentumStep s) {
        return Float.MIN_NORMAL / s.keep();
    }

    void momentum(MomentumStep s, float[] p, float[] g, float[] b, int from, int to) {
        float lr = s.lr();
        float mu = s.momentum();
        float keep = s.keep();
        float l2 = s.l2();
        boolean first = s.first();
        boolean nesterov = s.nesterov();
        float bMin = bMin(s);
        float dMin = dMinMomentum(s);
        for (int i = from; i < to; i++) {
            float pi = p[i];
            float gi = g[i];
            // flush to zero as in adam: the buffer decays by mu per step without new gradient
            float d = (Math.abs(gi) < Float.MIN_NORMAL ? 0f : gi) + l2 * pi;
            float bOld = b[i];
            float bi = first ? d
                    : mu * (Math.abs(bOld) < bMin ? 0f : bOld) + keep * (Math.abs(d) < dMin ? 0f : d);
            b[i] = bi;
            p[i] = pi - lr * (nesterov ? d + mu * bi : bi);
        }
    }
}
