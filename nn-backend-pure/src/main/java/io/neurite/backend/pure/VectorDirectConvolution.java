package io.neurite.backend.pure;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link DirectConvolution} on the Vector API: a vector of {@code L} adjacent output pixels of one row at a
 * time. A row of {@code outW} pixels takes {@code outW / L} whole vectors and, when {@code L} does not divide
 * it, one more vector that ends at the row's end and overlaps the one before: the forward stores those lanes
 * twice (the same values), the weight gradient multiplies their output gradient by zero, so no masks are
 * needed (see docs/pure-backend.md). Rows narrower than a vector take the scalar loops.
 *
 * <p>Nine taps (a 3x3 window on one channel, the CNN's first layer) have their own loops, with the nine
 * weights (forward) or the nine sums (weight gradient) in registers for the whole image. Loaded only when
 * the module {@code jdk.incubator.vector} is present.
 */
final class VectorDirectConvolution extends DirectConvolution {
    static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    static final int L = S.length();
    /** {@code L} zeros then {@code L} ones: the vector at offset {@code r} is zero in lanes {@code [0, L - r)}. */
    private static final float[] STEP = new float[2 * L];

    static {
        java.util.Arrays.fill(STEP, L, 2 * L, 1f);
    }

    @Override
    int lanes() {
        return L;
    }

    @Override
    void forwardChannel(ConvGeometry g, float[] padded, float[] w, int wOff, float bias, float[] y, int yOff) {
        int outW = g.outW;
        if (outW < L) {
            super.forwardChannel(g, padded, w, wOff, bias, y, yOff);
            return;
        }
        if (g.k == 9) {
            forward9(g, padded, w, wOff, bias, y, yOff);
            return;
        }
        int[] rowOff = g.rowOff;
        int k = g.k;
        int last = outW - L;
        for (int oy = 0; oy < g.outH; oy++) {
            int in = oy * g.wp;
            int out = yOff + oy * outW;
            for (int ox = 0; ox < outW; ox += L) {
                int at = Math.min(ox, last);
                FloatVector sum = FloatVector.broadcast(S, bias);
                for (int t = 0; t < k; t++) {
                    sum = FloatVector.fromArray(S, padded, rowOff[t] + in + at)
                            .fma(FloatVector.broadcast(S, w[wOff + t]), sum);
                }
                sum.intoArray(y, out + at);
            }
        }
    }

    private static void forward9(ConvGeometry g, float[] padded, float[] w, int wOff, float bias, float[] y,
                                 int yOff) {
        int[] r = g.rowOff;
        int r0 = r[0], r1 = r[1], r2 = r[2], r3 = r[3], r4 = r[4], r5 = r[5], r6 = r[6], r7 = r[7], r8 = r[8];
        FloatVector w0 = FloatVector.broadcast(S, w[wOff]);
        FloatVector w1 = FloatVector.broadcast(S, w[wOff + 1]);
        FloatVector w2 = FloatVector.broadcast(S, w[wOff + 2]);
        FloatVector w3 = FloatVector.broadcast(S, w[wOff + 3]);
        FloatVector w4 = FloatVector.broadcast(S, w[wOff + 4]);
        FloatVector w5 = FloatVector.broadcast(S, w[wOff + 5]);
        FloatVector w6 = FloatVector.broadcast(S, w[wOff + 6]);
        FloatVector w7 = FloatVector.broadcast(S, w[wOff + 7]);
        FloatVector w8 = FloatVector.broadcast(S, w[wOff + 8]);
        FloatVector b = FloatVector.broadcast(S, bias);
        int outW = g.outW;
        int last = outW - L;
        for (int oy = 0; oy < g.outH; oy++) {
            int in = oy * g.wp;
            int out = yOff + oy * outW;
            for (int ox = 0; ox < outW; ox += L) {
                int at = Math.min(ox, last);
                int i = in + at;
                FloatVector s = FloatVector.fromArray(S, padded, r0 + i).fma(w0, b);
                s = FloatVector.fromArray(S, padded, r1 + i).fma(w1, s);
                s = FloatVector.fromArray(S, padded, r2 + i).fma(w2, s);
                s = FloatVector.fromArray(S, padded, r3 + i).fma(w3, s);
                s = FloatVector.fromArray(S, padded, r4 + i).fma(w4, s);
                s = FloatVector.fromArray(S, padded, r5 + i).fma(w5, s);
                s = FloatVector.fromArray(S, padded, r6 + i).fma(w6, s);
                s = FloatVector.fromArray(S, padded, r7 + i).fma(w7, s);
                s = FloatVector.fromArray(S, padded, r8 + i).fma(w8, s);
                s.intoArray(y, out + at);
            }
        }
    }

    @Override
    void weightGradientChannel(ConvGeometry g, float[] padded, float[] dy, int dyOff, float[] sums, int sumOff) {
        if (g.outW < L) {
            super.weightGradientChannel(g, padded, dy, dyOff, sums, sumOff);
            return;
        }
        if (g.k == 9) {
            weightGradient9(g, padded, dy, dyOff, sums, sumOff);
            return;
        }
        int k = g.k;
        int t = 0;
        for (; t + 4 <= k; t += 4) {
            weightGradient4(g, padded, dy, dyOff, t, sums, sumOff);
        }
        for (; t < k; t++) {
            weightGradient1(g, padded, dy, dyOff, t, sums, sumOff);
        }
        biasGradient(g, dy, dyOff, sums, sumOff + k * L);
    }

    /*
     * In the loops below, the vector that overlaps the one before it (at < ox) has its output gradient
     * multiplied by `tail`: zero in its first L - rem lanes (pixels already summed), one in the rem others.
     */

    private static void weightGradient9(ConvGeometry g, float[] padded, float[] dy, int dyOff, float[] sums,
                                        int sumOff) {
        int[] r = g.rowOff;
        int r0 = r[0], r1 = r[1], r2 = r[2], r3 = r[3], r4 = r[4], r5 = r[5], r6 = r[6], r7 = r[7], r8 = r[8];
        int outW = g.outW;
        int last = outW - L;
        FloatVector tail = FloatVector.fromArray(S, STEP, outW % L);
        FloatVector a0 = FloatVector.fromArray(S, sums, sumOff);
        FloatVector a1 = FloatVector.fromArray(S, sums, sumOff + L);
        FloatVector a2 = FloatVector.fromArray(S, sums, sumOff + 2 * L);
        FloatVector a3 = FloatVector.fromArray(S, sums, sumOff + 3 * L);
        FloatVector a4 = FloatVector.fromArray(S, sums, sumOff + 4 * L);
        FloatVector a5 = FloatVector.fromArray(S, sums, sumOff + 5 * L);
        FloatVector a6 = FloatVector.fromArray(S, sums, sumOff + 6 * L);
        FloatVector a7 = FloatVector.fromArray(S, sums, sumOff + 7 * L);
        FloatVector a8 = FloatVector.fromArray(S, sums, sumOff + 8 * L);
        FloatVector ab = FloatVector.fromArray(S, sums, sumOff + 9 * L);
        for (int oy = 0; oy < g.outH; oy++) {
            int in = oy * g.wp;
            int out = dyOff + oy * outW;
            for (int ox = 0; ox < outW; ox += L) {
                int at = Math.min(ox, last);
                FloatVector d = FloatVector.fromArray(S, dy, out + at);
                if (at != ox) {
                    d = d.mul(tail);
                }
                int i = in + at;
                a0 = d.fma(FloatVector.fromArray(S, padded, r0 + i), a0);
                a1 = d.fma(FloatVector.fromArray(S, padded, r1 + i), a1);
                a2 = d.fma(FloatVector.fromArray(S, padded, r2 + i), a2);
                a3 = d.fma(FloatVector.fromArray(S, padded, r3 + i), a3);
                a4 = d.fma(FloatVector.fromArray(S, padded, r4 + i), a4);
                a5 = d.fma(FloatVector.fromArray(S, padded, r5 + i), a5);
                a6 = d.fma(FloatVector.fromArray(S, padded, r6 + i), a6);
                a7 = d.fma(FloatVector.fromArray(S, padded, r7 + i), a7);
                a8 = d.fma(FloatVector.fromArray(S, padded, r8 + i), a8);
                ab = ab.add(d);
            }
        }
        a0.intoArray(sums, sumOff);
        a1.intoArray(sums, sumOff + L);
        a2.intoArray(sums, sumOff + 2 * L);
        a3.intoArray(sums, sumOff + 3 * L);
        a4.intoArray(sums, sumOff + 4 * L);
        a5.intoArray(sums, sumOff + 5 * L);
        a6.intoArray(sums, sumOff + 6 * L);
        a7.intoArray(sums, sumOff + 7 * L);
        a8.intoArray(sums, sumOff + 8 * L);
        ab.intoArray(sums, sumOff + 9 * L);
    }

    /** Taps {@code t .. t+3}: four independent sums, so that the multiply-adds do not wait on each other. */
    private static void weightGradient4(ConvGeometry g, float[] padded, float[] dy, int dyOff, int t, float[] sums,
                                        int sumOff) {
        int r0 = g.rowOff[t], r1 = g.rowOff[t + 1], r2 = g.rowOff[t + 2], r3 = g.rowOff[t + 3];
        int at0 = sumOff + t * L;
        int outW = g.outW;
        int last = outW - L;
        FloatVector tail = FloatVector.fromArray(S, STEP, outW % L);
        FloatVector a0 = FloatVector.fromArray(S, sums, at0);
        FloatVector a1 = FloatVector.fromArray(S, sums, at0 + L);
        FloatVector a2 = FloatVector.fromArray(S, sums, at0 + 2 * L);
        FloatVector a3 = FloatVector.fromArray(S, sums, at0 + 3 * L);
        for (int oy = 0; oy < g.outH; oy++) {
            int in = oy * g.wp;
            int out = dyOff + oy * outW;
            for (int ox = 0; ox < outW; ox += L) {
                int at = Math.min(ox, last);
                FloatVector d = FloatVector.fromArray(S, dy, out + at);
                if (at != ox) {
                    d = d.mul(tail);
                }
                int i = in + at;
                a0 = d.fma(FloatVector.fromArray(S, padded, r0 + i), a0);
                a1 = d.fma(FloatVector.fromArray(S, padded, r1 + i), a1);
                a2 = d.fma(FloatVector.fromArray(S, padded, r2 + i), a2);
                a3 = d.fma(FloatVector.fromArray(S, padded, r3 + i), a3);
            }
        }
        a0.intoArray(sums, at0);
        a1.intoArray(sums, at0 + L);
        a2.intoArray(sums, at0 + 2 * L);
        a3.intoArray(sums, at0 + 3 * L);
    }

    private static void weightGradient1(ConvGeometry g, float[] padded, float[] dy, int dyOff, int t, float[] sums,
                                        int sumOff) {
        int r0 = g.rowOff[t];
        int at0 = sumOff + t * L;
        int outW = g.outW;
        int last = outW - L;
        FloatVector tail = FloatVector.fromArray(S, STEP, outW % L);
        FloatVector a0 = FloatVector.fromArray(S, sums, at0);
        for (int oy = 0; oy < g.outH; oy++) {
            int in = oy * g.wp;
            int out = dyOff + oy * outW;
            for (int ox = 0; ox < outW; ox += L) {
                int at = Math.min(ox, last);
                FloatVector d = FloatVector.fromArray(S, dy, out + at);
                if (at != ox) {
                    d = d.mul(tail);
                }
                a0 = d.fma(FloatVector.fromArray(S, padded, r0 + in + at), a0);
            }
        }
        a0.intoArray(sums, at0);
    }

    private static void biasGradient(ConvGeometry g, float[] dy, int dyOff, float[] sums, int at0) {
        int outW = g.outW;
        int last = outW - L;
        FloatVector tail = FloatVector.fromArray(S, STEP, outW % L);
        FloatVector a0 = FloatVector.fromArray(S, sums, at0);
        for (int oy = 0; oy < g.outH; oy++) {
            int out = dyOff + oy * outW;
            for (int ox = 0; ox < outW; ox += L) {
                int at = Math.min(ox, last);
                FloatVector d = FloatVector.fromArray(S, dy, out + at);
                if (at != ox) {
                    d = d.mul(tail);
                }
                a0 = a0.add(d);
            }
        }
        a0.intoArray(sums, at0);
    }
}
