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
 * <p>One channel is walked as a single loop over a table of these vectors ({@link #prepare}: where each one
 * reads the padded image, where it reads or writes the output, and its step into {@link #STEP}), not as a
 * loop over rows around a loop over vectors: with sums carried through two nested loops, C2 on JDK 17 kept
 * them on the heap (224 MB of garbage per training step).
 *
 * <p>Nine taps (a 3x3 window on one channel, the CNN's first layer) have their own loops, with the nine
 * weights (forward) or the nine sums (weight gradient) in registers for the whole image. Loaded only when
 * the module {@code jdk.incubator.vector} is present.
 */
final class VectorDirectConvolution extends DirectConvolution {
    static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    static final int L = S.length();
    /**
     * {@code L} zeros then {@code L} ones. A vector's output gradient is multiplied by {@code STEP} at its
     * step: {@code L} (ones), or {@code outW % L} for the vector that overlaps the one before it, whose first
     * {@code L - outW % L} lanes that vector already summed.
     */
    private static final float[] STEP = new float[2 * L];
    /** Ints per entry of the walk: padded-image offset, output offset, step. */
    private static final int ENTRY = 3;

    static {
        java.util.Arrays.fill(STEP, L, 2 * L, 1f);
    }

    @Override
    int lanes() {
        return L;
    }

    @Override
    void prepare(ConvGeometry g, Scratch s) {
        if (s.chunksOf == g || g.outW < L) {
            return;
        }
        int outW = g.outW;
        int perRow = (outW + L - 1) / L;
        int count = g.outH * perRow;
        if (s.chunks.length < ENTRY * count) {
            s.chunks = new int[ENTRY * count];
        }
        int[] c = s.chunks;
        int e = 0;
        for (int oy = 0; oy < g.outH; oy++) {
            for (int ox = 0; ox < outW; ox += L, e += ENTRY) {
                int at = Math.min(ox, outW - L);
                c[e] = oy * g.wp + at;
                c[e + 1] = oy * outW + at;
                c[e + 2] = at == ox ? L : outW % L;
            }
        }
        s.chunkCount = count;
        s.chunksOf = g;
    }

    @Override
    void forwardChannel(ConvGeometry g, Scratch s, float[] padded, float[] w, int wOff, float bias, float[] y,
                        int yOff) {
        if (g.outW < L) {
            super.forwardChannel(g, s, padded, w, wOff, bias, y, yOff);
            return;
        }
        if (g.k == 9) {
            forward9(g.rowOff, s.chunks, s.chunkCount, padded, w, wOff, bias, y, yOff);
            return;
        }
        int[] rowOff = g.rowOff;
        int k = g.k;
        int[] c = s.chunks;
        int end = ENTRY * s.chunkCount;
        for (int e = 0; e < end; e += ENTRY) {
            int in = c[e];
            FloatVector sum = FloatVector.broadcast(S, bias);
            for (int t = 0; t < k; t++) {
                sum = FloatVector.fromArray(S, padded, rowOff[t] + in).fma(FloatVector.broadcast(S, w[wOff + t]), sum);
            }
            sum.intoArray(y, yOff + c[e + 1]);
        }
    }

    private static void forward9(int[] r, int[] c, int count, float[] padded, float[] w, int wOff, float bias,
                                 float[] y, int yOff) {
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
        int end = ENTRY * count;
        for (int e = 0; e < end; e += ENTRY) {
            int i = c[e];
            FloatVector s = FloatVector.fromArray(S, padded, r0 + i).fma(w0, b);
            s = FloatVector.fromArray(S, padded, r1 + i).fma(w1, s);
            s = FloatVector.fromArray(S, padded, r2 + i).fma(w2, s);
            s = FloatVector.fromArray(S, padded, r3 + i).fma(w3, s);
            s = FloatVector.fromArray(S, padded, r4 + i).fma(w4, s);
            s = FloatVector.fromArray(S, padded, r5 + i).fma(w5, s);
            s = FloatVector.fromArray(S, padded, r6 + i).fma(w6, s);
            s = FloatVector.fromArray(S, padded, r7 + i).fma(w7, s);
            s = FloatVector.fromArray(S, padded, r8 + i).fma(w8, s);
            s.intoArray(y, yOff + c[e + 1]);
        }
    }

    @Override
    void weightGradientChannel(ConvGeometry g, Scratch s, float[] padded, float[] dy, int dyOff, float[] sums,
                               int sumOff) {
        if (g.outW < L) {
            super.weightGradientChannel(g, s, padded, dy, dyOff, sums, sumOff);
            return;
        }
        int[] r = g.rowOff;
        int k = g.k;
        if (k == 9) {
            weightGradient9(r, s.chunks, s.chunkCount, padded, dy, dyOff, sums, sumOff);
            return;
        }
        int t = 0;
        for (; t + 4 <= k; t += 4) {
            weightGradient4(r[t], r[t + 1], r[t + 2], r[t + 3], s.chunks, s.chunkCount, padded, dy, dyOff, sums,
                    sumOff + t * L);
        }
        for (; t < k; t++) {
            weightGradient1(r[t], s.chunks, s.chunkCount, padded, dy, dyOff, sums, sumOff + t * L);
        }
        biasGradient(s.chunks, s.chunkCount, dy, dyOff, sums, sumOff + k * L);
    }

    private static void weightGradient9(int[] r, int[] c, int count, float[] padded, float[] dy, int dyOff,
                                        float[] sums, int sumOff) {
        int r0 = r[0], r1 = r[1], r2 = r[2], r3 = r[3], r4 = r[4], r5 = r[5], r6 = r[6], r7 = r[7], r8 = r[8];
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
        int end = ENTRY * count;
        for (int e = 0; e < end; e += ENTRY) {
            int i = c[e];
            FloatVector d = FloatVector.fromArray(S, dy, dyOff + c[e + 1])
                    .mul(FloatVector.fromArray(S, STEP, c[e + 2]));
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

    /** Four taps at once: four independent sums, so that the multiply-adds do not wait on each other. */
    private static void weightGradient4(int r0, int r1, int r2, int r3, int[] c, int count, float[] padded,
                                        float[] dy, int dyOff, float[] sums, int at) {
        FloatVector a0 = FloatVector.fromArray(S, sums, at);
        FloatVector a1 = FloatVector.fromArray(S, sums, at + L);
        FloatVector a2 = FloatVector.fromArray(S, sums, at + 2 * L);
        FloatVector a3 = FloatVector.fromArray(S, sums, at + 3 * L);
        int end = ENTRY * count;
        for (int e = 0; e < end; e += ENTRY) {
            int i = c[e];
            FloatVector d = FloatVector.fromArray(S, dy, dyOff + c[e + 1])
                    .mul(FloatVector.fromArray(S, STEP, c[e + 2]));
            a0 = d.fma(FloatVector.fromArray(S, padded, r0 + i), a0);
            a1 = d.fma(FloatVector.fromArray(S, padded, r1 + i), a1);
            a2 = d.fma(FloatVector.fromArray(S, padded, r2 + i), a2);
            a3 = d.fma(FloatVector.fromArray(S, padded, r3 + i), a3);
        }
        a0.intoArray(sums, at);
        a1.intoArray(sums, at + L);
        a2.intoArray(sums, at + 2 * L);
        a3.intoArray(sums, at + 3 * L);
    }

    private static void weightGradient1(int r0, int[] c, int count, float[] padded, float[] dy, int dyOff,
                                        float[] sums, int at) {
        FloatVector a0 = FloatVector.fromArray(S, sums, at);
        int end = ENTRY * count;
        for (int e = 0; e < end; e += ENTRY) {
            FloatVector d = FloatVector.fromArray(S, dy, dyOff + c[e + 1])
                    .mul(FloatVector.fromArray(S, STEP, c[e + 2]));
            a0 = d.fma(FloatVector.fromArray(S, padded, r0 + c[e]), a0);
        }
        a0.intoArray(sums, at);
    }

    private static void biasGradient(int[] c, int count, float[] dy, int dyOff, float[] sums, int at) {
        FloatVector a0 = FloatVector.fromArray(S, sums, at);
        int end = ENTRY * count;
        for (int e = 0; e < end; e += ENTRY) {
            a0 = a0.add(FloatVector.fromArray(S, dy, dyOff + c[e + 1]).mul(FloatVector.fromArray(S, STEP, c[e + 2])));
        }
        a0.intoArray(sums, at);
    }
}
