package io.neurite.backend.pure;

import io.neurite.kernel.AdamStep;
import io.neurite.kernel.MomentumStep;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link OptimizerLoops} on the Vector API: full vectors of {@code SPECIES_PREFERRED} over the body of each
 * range, fused multiply-adds where the scalar path multiplies and adds, then the inherited scalar loop over
 * the tail, with the scalar path's flush to zero (see {@link OptimizerLoops}). Loaded only when
 * {@code jdk.incubator.vector} is present (see {@link KernelPath}); the rules of {@link VectorKernels} hold
 * (vectors only in locals, loads written out at every use).
 */
final class VectorOptimizerLoops extends OptimizerLoops {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();

    @Override
    void adam(AdamStep s, float[] p, float[] g, float[] m, float[] v, int from, int to) {
        FloatVector beta1 = FloatVector.broadcast(S, s.beta1());
        FloatVector mix1 = FloatVector.broadcast(S, s.mix1());
        FloatVector beta2 = FloatVector.broadcast(S, s.beta2());
        FloatVector mix2 = FloatVector.broadcast(S, s.mix2());
        FloatVector eps = FloatVector.broadcast(S, s.eps());
        FloatVector negStep = FloatVector.broadcast(S, -s.stepSize());
        FloatVector scale = FloatVector.broadcast(S, s.denominatorScale());
        FloatVector l2 = FloatVector.broadcast(S, s.l2());
        FloatVector shrink = FloatVector.broadcast(S, s.shrink());
        // The flush-to-zero thresholds of OptimizerLoops (see there): below them an input is taken as 0.
        FloatVector normal = FloatVector.broadcast(S, Float.MIN_NORMAL);
        FloatVector dMin1 = FloatVector.broadcast(S, dMin1(s));
        FloatVector mMin = FloatVector.broadcast(S, mMin(s));
        FloatVector dMin2 = FloatVector.broadcast(S, dMin2(s));
        FloatVector vMin = FloatVector.broadcast(S, vMin(s));
        FloatVector qScale = FloatVector.broadcast(S, Q_SCALE);
        int i = from;
        // Each flush is written out as x.blend(0, x.abs().lt(min)) (Vector API methods, inlined), never through
        // a helper returning a vector (see VectorKernels on boxing).
        for (int end = from + S.loopBound(to - from); i < end; i += L) {
            FloatVector pv = FloatVector.fromArray(S, p, i);
            FloatVector gv = FloatVector.fromArray(S, g, i);
            FloatVector d = pv.fma(l2, gv.blend(0f, gv.abs().lt(normal)));
            FloatVector mOld = FloatVector.fromArray(S, m, i);
            FloatVector vOld = FloatVector.fromArray(S, v, i);
            FloatVector mv = d.blend(0f, d.abs().lt(dMin1)).fma(mix1, mOld.blend(0f, mOld.abs().lt(mMin)).mul(beta1));
            FloatVector dv = d.blend(0f, d.abs().lt(dMin2));
            FloatVector vv = dv.mul(dv).fma(mix2, vOld.blend(0f, vOld.abs().lt(vMin)).mul(beta2));
            mv.intoArray(m, i);
            vv.intoArray(v, i);
            FloatVector den = vv.lanewise(VectorOperators.SQRT).fma(scale, eps);
            FloatVector mq = mv.blend(0f, mv.abs().mul(qScale).lt(den));
            mq.div(den).fma(negStep, pv.mul(shrink)).intoArray(p, i);
        }
        super.adam(s, p, g, m, v, i, to);
    }

    @Override
    void momentum(MomentumStep s, float[] p, float[] g, float[] b, int from, int to) {
        FloatVector negLr = FloatVector.broadcast(S, -s.lr());
        FloatVector mu = FloatVector.broadcast(S, s.momentum());
        FloatVector keep = FloatVector.broadcast(S, s.keep());
        FloatVector l2 = FloatVector.broadcast(S, s.l2());
        boolean first = s.first();
        boolean nesterov = s.nesterov();
        FloatVector normal = FloatVector.broadcast(S, Float.MIN_NORMAL);
        FloatVector bMin = FloatVector.broadcast(S, bMin(s));
        FloatVector dMin = FloatVector.broadcast(S, dMinMomentum(s));
        int i = from;
        for (int end = from + S.loopBound(to - from); i < end; i += L) {
            FloatVector pv = FloatVector.fromArray(S, p, i);
            FloatVector gv = FloatVector.fromArray(S, g, i);
            FloatVector d = pv.fma(l2, gv.blend(0f, gv.abs().lt(normal)));
            FloatVector bOld = FloatVector.fromArray(S, b, i);
            FloatVector bv = first ? d
                    : d.blend(0f, d.abs().lt(dMin)).fma(keep, bOld.blend(0f, bOld.abs().lt(bMin)).mul(mu));
            bv.intoArray(b, i);
            FloatVector u = nesterov ? bv.fma(mu, d) : bv;
            u.fma(negLr, pv).intoArray(p, i);
        }
        super.momentum(s, p, g, b, i, to);
    }
}
