package io.neurite.backend.pure;

import io.neurite.kernel.AdamStep;
import io.neurite.kernel.MomentumStep;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link OptimizerLoops} on the Vector API: full vectors of {@code SPECIES_PREFERRED} over the body of each
 * range, fused multiply-adds where the scalar path multiplies and adds, then the inherited scalar loop over
 * the tail. Loaded only when {@code jdk.incubator.vector} is present (see {@link KernelPath}); the rules of
 * {@link VectorKernels} hold (vectors only in locals, loads written out at every use).
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
        int i = from;
        for (int end = from + S.loopBound(to - from); i < end; i += L) {
            FloatVector pv = FloatVector.fromArray(S, p, i);
            FloatVector d = pv.fma(l2, FloatVector.fromArray(S, g, i));
            FloatVector mv = d.fma(mix1, FloatVector.fromArray(S, m, i).mul(beta1));
            FloatVector vv = d.mul(d).fma(mix2, FloatVector.fromArray(S, v, i).mul(beta2));
            mv.intoArray(m, i);
            vv.intoArray(v, i);
            FloatVector den = vv.lanewise(VectorOperators.SQRT).fma(scale, eps);
            mv.div(den).fma(negStep, pv.mul(shrink)).intoArray(p, i);
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
        int i = from;
        for (int end = from + S.loopBound(to - from); i < end; i += L) {
            FloatVector pv = FloatVector.fromArray(S, p, i);
            FloatVector d = pv.fma(l2, FloatVector.fromArray(S, g, i));
            FloatVector bv = first ? d : d.fma(keep, FloatVector.fromArray(S, b, i).mul(mu));
            bv.intoArray(b, i);
            FloatVector u = nesterov ? bv.fma(mu, d) : bv;
            u.fma(negLr, pv).intoArray(p, i);
        }
        super.momentum(s, p, g, b, i, to);
    }
}
