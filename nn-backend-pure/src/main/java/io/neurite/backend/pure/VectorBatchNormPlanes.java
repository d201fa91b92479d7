package io.neurite.backend.pure;

import io.neurite.kernel.NormalizationLoops;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link BatchNormPlanes} on the Vector API: full vectors of the preferred species over each plane, the scalar
 * loop over a plane's last few values. Sums run in float lanes within one plane (a few hundred values, shifted
 * so that the squares stay small) with two accumulators each, so that no sum is one long chain of dependent
 * additions, and are reduced to double once per plane. Loaded by name on the SIMD path only (see
 * {@link KernelPath#simdOrScalar}); vectors live only in local variables (see docs/pure-backend.md).
 */
final class VectorBatchNormPlanes extends BatchNormPlanes {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();

    @Override
    void shiftedSums(float[] x, int plane, int channels, int fromPlane, int toPlane, double[] sums) {
        int body = S.loopBound(plane);
        int pairs = plane / (2 * L) * (2 * L);
        for (int p = fromPlane; p < toPlane; p++) {
            float shift = x[(p % channels) * plane];
            int o = p * plane;
            FloatVector s1 = FloatVector.zero(S);
            FloatVector s2 = FloatVector.zero(S);
            FloatVector t1 = FloatVector.zero(S);
            FloatVector t2 = FloatVector.zero(S);
            int i = o;
            for (int end = o + pairs; i < end; i += 2 * L) {
                FloatVector d = FloatVector.fromArray(S, x, i).sub(shift);
                FloatVector e = FloatVector.fromArray(S, x, i + L).sub(shift);
                s1 = s1.add(d);
                s2 = d.fma(d, s2);
                t1 = t1.add(e);
                t2 = e.fma(e, t2);
            }
            for (int end = o + body; i < end; i += L) {
                FloatVector d = FloatVector.fromArray(S, x, i).sub(shift);
                s1 = s1.add(d);
                s2 = d.fma(d, s2);
            }
            double a = VectorReductions.sum(s1.add(t1));
            double b = VectorReductions.sum(s2.add(t2));
            for (int end = o + plane; i < end; i++) {
                double d = (double) x[i] - shift;
                a += d;
                b += d * d;
            }
            sums[2 * p] = a;
            sums[2 * p + 1] = b;
        }
    }

    @Override
    void normalize(float[] x, int plane, int channels, float[] mean, float[] scale, float[] beta, float[] y,
                   int fromPlane, int toPlane) {
        int body = S.loopBound(plane);
        for (int p = fromPlane; p < toPlane; p++) {
            int c = p % channels;
            float m = mean[c];
            float a = scale[c];
            float b = beta[c];
            int o = p * plane;
            int i = o;
            for (int end = o + body; i < end; i += L) {
                FloatVector.fromArray(S, x, i).sub(m).fma(a, b).intoArray(y, i);
            }
            for (int end = o + plane; i < end; i++) {
                y[i] = (x[i] - m) * a + b;
            }
        }
    }

    @Override
    void gradientSums(float[] dy, float[] x, int plane, int channels, float[] mean, int fromPlane, int toPlane,
                      double[] sums) {
        int body = S.loopBound(plane);
        int pairs = plane / (2 * L) * (2 * L);
        for (int p = fromPlane; p < toPlane; p++) {
            float m = mean[p % channels];
            int o = p * plane;
            FloatVector s1 = FloatVector.zero(S);
            FloatVector s2 = FloatVector.zero(S);
            FloatVector t1 = FloatVector.zero(S);
            FloatVector t2 = FloatVector.zero(S);
            int i = o;
            for (int end = o + pairs; i < end; i += 2 * L) {
                FloatVector g = FloatVector.fromArray(S, dy, i);
                FloatVector h = FloatVector.fromArray(S, dy, i + L);
                s1 = s1.add(g);
                s2 = g.fma(FloatVector.fromArray(S, x, i).sub(m), s2);
                t1 = t1.add(h);
                t2 = h.fma(FloatVector.fromArray(S, x, i + L).sub(m), t2);
            }
            for (int end = o + body; i < end; i += L) {
                FloatVector g = FloatVector.fromArray(S, dy, i);
                s1 = s1.add(g);
                s2 = g.fma(FloatVector.fromArray(S, x, i).sub(m), s2);
            }
            double a = VectorReductions.sum(s1.add(t1));
            double b = VectorReductions.sum(s2.add(t2));
            for (int end = o + plane; i < end; i++) {
                a += dy[i];
                b += (double) dy[i] * (x[i] - m);
            }
            sums[2 * p] = a;
            sums[2 * p + 1] = b;
        }
    }

    @Override
    void inputGradient(float[] dy, float[] x, int plane, int channels, float[] a, float[] b, float[] mean, float[] k,
                       float[] dx, int fromPlane, int toPlane) {
        int body = S.loopBound(plane);
        for (int p = fromPlane; p < toPlane; p++) {
            int c = p % channels;
            float ac = a[c];
            float bc = b[c];
            float m = mean[c];
            float kc = k[c];
            FloatVector bv = FloatVector.broadcast(S, bc);
            int o = p * plane;
            int i = o;
            for (int end = o + body; i < end; i += L) {
                FloatVector g = FloatVector.fromArray(S, dy, i).fma(ac, kc);
                FloatVector.fromArray(S, x, i).sub(m).fma(bv, g).intoArray(dx, i);
            }
            for (int end = o + plane; i < end; i++) {
                dx[i] = ac * dy[i] + bc * (x[i] - m) + kc;
            }
        }
    }

    @Override
    void normalizeRelu(float[] x, int plane, int channels, float[] mean, float[] scale, float[] beta, float[] y,
                       int fromPlane, int toPlane) {
        int body = S.loopBound(plane);
        for (int p = fromPlane; p < toPlane; p++) {
            int c = p % channels;
            float m = mean[c];
            float a = scale[c];
            float b = beta[c];
            int o = p * plane;
            int i = o;
            for (int end = o + body; i < end; i += L) {
                FloatVector.fromArray(S, x, i).sub(m).fma(a, b).max(0f).intoArray(y, i);
            }
            for (int end = o + plane; i < end; i++) {
                y[i] = Math.max((x[i] - m) * a + b, 0f);
            }
        }
    }

    /** The pre-activation is recomputed with {@link #normalizeRelu}'s operations, so the mask is the forward's. */
    @Override
    void gradientSumsRelu(float[] dy, float[] x, int plane, int channels, float[] mean, float[] scale, float[] beta,
                          int fromPlane, int toPlane, double[] sums) {
        int body = S.loopBound(plane);
        int pairs = plane / (2 * L) * (2 * L);
        FloatVector zero = FloatVector.zero(S);
        for (int p = fromPlane; p < toPlane; p++) {
            int c = p % channels;
            float m = mean[c];
            float sc = scale[c];
            float be = beta[c];
            int o = p * plane;
            FloatVector s1 = FloatVector.zero(S);
            FloatVector s2 = FloatVector.zero(S);
            FloatVector t1 = FloatVector.zero(S);
            FloatVector t2 = FloatVector.zero(S);
            int i = o;
            for (int end = o + pairs; i < end; i += 2 * L) {
                FloatVector d = FloatVector.fromArray(S, x, i).sub(m);
                FloatVector e = FloatVector.fromArray(S, x, i + L).sub(m);
                FloatVector g = zero.blend(FloatVector.fromArray(S, dy, i),
                        d.fma(sc, be).compare(VectorOperators.GT, 0f));
                FloatVector h = zero.blend(FloatVector.fromArray(S, dy, i + L),
                        e.fma(sc, be).compare(VectorOperators.GT, 0f));
                s1 = s1.add(g);
                s2 = g.fma(d, s2);
                t1 = t1.add(h);
                t2 = h.fma(e, t2);
            }
            for (int end = o + body; i < end; i += L) {
                FloatVector d = FloatVector.fromArray(S, x, i).sub(m);
                FloatVector g = zero.blend(FloatVector.fromArray(S, dy, i),
                        d.fma(sc, be).compare(VectorOperators.GT, 0f));
                s1 = s1.add(g);
                s2 = g.fma(d, s2);
            }
            double a = VectorReductions.sum(s1.add(t1));
            double b = VectorReductions.sum(s2.add(t2));
            for (int end = o + plane; i < end; i++) {
                float g = NormalizationLoops.reluGate((x[i] - m) * sc + be, dy[i]);
                a += g;
                b += (double) g * (x[i] - m);
            }
            sums[2 * p] = a;
            sums[2 * p + 1] = b;
        }
    }

    @Override
    void inputGradientRelu(float[] dy, float[] x, int plane, int channels, float[] a, float[] b, float[] mean,
                           float[] k, float[] scale, float[] beta, float[] dx, int fromPlane, int toPlane) {
        int body = S.loopBound(plane);
        FloatVector zero = FloatVector.zero(S);
        for (int p = fromPlane; p < toPlane; p++) {
            int c = p % channels;
            float ac = a[c];
            float bc = b[c];
            float m = mean[c];
            float kc = k[c];
            float sc = scale[c];
            float be = beta[c];
            FloatVector bv = FloatVector.broadcast(S, bc);
            int o = p * plane;
            int i = o;
            for (int end = o + body; i < end; i += L) {
                FloatVector d = FloatVector.fromArray(S, x, i).sub(m);
                FloatVector g = zero.blend(FloatVector.fromArray(S, dy, i),
                        d.fma(sc, be).compare(VectorOperators.GT, 0f));
                d.fma(bv, g.fma(ac, kc)).intoArray(dx, i);
            }
            for (int end = o + plane; i < end; i++) {
                float g = NormalizationLoops.reluGate((x[i] - m) * sc + be, dy[i]);
                dx[i] = ac * g + bc * (x[i] - m) + kc;
            }
        }
    }
}
