package io.neurite.backend.pure;

import io.neurite.kernel.Window2d;
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
 * <p>Nine taps have their own loops, with the nine weights (forward) or the nine sums (weight gradient) in
 * registers for the whole channel; a 3x3 window on one channel without dilation (the CNN's first layer) runs
 * two output rows at a time, which share two thirds of their loads of the image. Other windows keep their
 * weights or sums in memory, four taps at a time. Loaded only when the module {@code jdk.incubator.vector} is
 * present.
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
        // The top rows of the row pairs (0, 2, 4, ...), then their bottom rows, then the last row when the
        // height is odd: in that order the pairs' walk is the first pairCount entries, a row-at-a-time walk
        // is all of them.
        int pairs = g.outH / 2;
        int e = 0;
        for (int oy = 0; oy < 2 * pairs; oy += 2) {
            e = addRow(g, oy, s.chunks, e);
        }
        for (int oy = 1; oy < 2 * pairs; oy += 2) {
            e = addRow(g, oy, s.chunks, e);
        }
        if (g.outH % 2 == 1) {
            addRow(g, g.outH - 1, s.chunks, e);
        }
        s.chunkCount = count;
        s.pairCount = pairs * perRow;
        s.chunksOf = g;
    }

    /** Writes the entries of output row {@code oy} into the walk from {@code c[e]}; returns the next free index. */
    private static int addRow(ConvGeometry g, int oy, int[] c, int e) {
        int outW = g.outW;
        for (int ox = 0; ox < outW; ox += L, e += ENTRY) {
            int at = Math.min(ox, outW - L);
            c[e] = oy * g.wp + at;
            c[e + 1] = oy * outW + at;
            c[e + 2] = at == ox ? L : outW % L;
        }
        return e;
    }

    /** Whether the window is 3x3 on one channel with no dilation: two output rows share 12 loads of the image. */
    private static boolean threeByThree(ConvGeometry g) {
        Window2d w = g.window;
        return g.channels == 1 && w.kernelH() == 3 && w.kernelW() == 3 && w.dilationH() == 1 && w.dilationW() == 1;
    }

    @Override
    void forwardChannel(ConvGeometry g, Scratch s, float[] padded, float[] w, int wOff, float bias, float[] y,
                        int yOff) {
        if (g.outW < L) {
            super.forwardChannel(g, s, padded, w, wOff, bias, y, yOff);
            return;
        }
        if (threeByThree(g)) {
            forward3x3Pairs(g.wp, g.outW, s.chunks, s.pairCount, padded, w, wOff, bias, y, yOff);
            forward9(g.rowOff, s.chunks, 2 * s.pairCount, s.chunkCount, padded, w, wOff, bias, y, yOff);
            return;
        }
        if (g.k == 9) {
            forward9(g.rowOff, s.chunks, 0, s.chunkCount, padded, w, wOff, bias, y, yOff);
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

    /** Entries {@code [from, to)} of the walk, one row each, for any nine taps. */
    private static void forward9(int[] r, int[] c, int from, int to, float[] padded, float[] w, int wOff,
                                 float bias, float[] y, int yOff) {
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
        int end = ENTRY * to;
        for (int e = ENTRY * from; e < end; e += ENTRY) {
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
        if (threeByThree(g)) {
            weightGradient3x3Pairs(g.wp, g.outW, s.chunks, s.pairCount, padded, dy, dyOff, sums, sumOff);
            weightGradient9(r, s.chunks, 2 * s.pairCount, s.chunkCount, padded, dy, dyOff, sums, sumOff);
            return;
        }
        if (k == 9) {
            weightGradient9(r, s.chunks, 0, s.chunkCount, padded, dy, dyOff, sums, sumOff);
            return;
        }
        weightGradientAnyTaps(r, k, s.chunks, s.chunkCount, padded, dy, dyOff, sums, sumOff);
    }

    /** Entries {@code [from, to)} of the walk, one row each, for any nine taps. */
    private static void weightGradient9(int[] r, int[] c, int from, int to, float[] padded, float[] dy, int dyOff,
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
        int end = ENTRY * to;
        for (int e = ENTRY * from; e < end; e += ENTRY) {
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

    /*
     * The 3x3 pairs: output rows oy and oy + 1 (the first `pairs` entries of the walk, at their top row) read
     * image rows oy .. oy + 3 at shifts 0 .. 2: 12 loads for 18 multiply-adds, where a row at a time needs 9
     * loads for 9. v(rho, j) = padded[in + rho * wp + j] is tap (rho, j) of the top row and tap (rho - 1, j)
     * of the bottom one.
     */

    private static void forward3x3Pairs(int wp, int outW, int[] c, int pairs, float[] padded, float[] w, int wOff,
                                        float bias, float[] y, int yOff) {
        FloatVector w00 = FloatVector.broadcast(S, w[wOff]);
        FloatVector w01 = FloatVector.broadcast(S, w[wOff + 1]);
        FloatVector w02 = FloatVector.broadcast(S, w[wOff + 2]);
        FloatVector w10 = FloatVector.broadcast(S, w[wOff + 3]);
        FloatVector w11 = FloatVector.broadcast(S, w[wOff + 4]);
        FloatVector w12 = FloatVector.broadcast(S, w[wOff + 5]);
        FloatVector w20 = FloatVector.broadcast(S, w[wOff + 6]);
        FloatVector w21 = FloatVector.broadcast(S, w[wOff + 7]);
        FloatVector w22 = FloatVector.broadcast(S, w[wOff + 8]);
        FloatVector b = FloatVector.broadcast(S, bias);
        int end = ENTRY * pairs;
        for (int e = 0; e < end; e += ENTRY) {
            int i0 = c[e];
            int i1 = i0 + wp;
            int i2 = i1 + wp;
            int i3 = i2 + wp;
            FloatVector v = FloatVector.fromArray(S, padded, i0);
            FloatVector top = v.fma(w00, b);
            v = FloatVector.fromArray(S, padded, i0 + 1);
            top = v.fma(w01, top);
            v = FloatVector.fromArray(S, padded, i0 + 2);
            top = v.fma(w02, top);
            v = FloatVector.fromArray(S, padded, i1);
            top = v.fma(w10, top);
            FloatVector bottom = v.fma(w00, b);
            v = FloatVector.fromArray(S, padded, i1 + 1);
            top = v.fma(w11, top);
            bottom = v.fma(w01, bottom);
            v = FloatVector.fromArray(S, padded, i1 + 2);
            top = v.fma(w12, top);
            bottom = v.fma(w02, bottom);
            v = FloatVector.fromArray(S, padded, i2);
            top = v.fma(w20, top);
            bottom = v.fma(w10, bottom);
            v = FloatVector.fromArray(S, padded, i2 + 1);
            top = v.fma(w21, top);
            bottom = v.fma(w11, bottom);
            v = FloatVector.fromArray(S, padded, i2 + 2);
            top = v.fma(w22, top);
            bottom = v.fma(w12, bottom);
            v = FloatVector.fromArray(S, padded, i3);
            bottom = v.fma(w20, bottom);
            v = FloatVector.fromArray(S, padded, i3 + 1);
            bottom = v.fma(w21, bottom);
            v = FloatVector.fromArray(S, padded, i3 + 2);
            bottom = v.fma(w22, bottom);
            int out = yOff + c[e + 1];
            top.intoArray(y, out);
            bottom.intoArray(y, out + outW);
        }
    }

    private static void weightGradient3x3Pairs(int wp, int outW, int[] c, int pairs, float[] padded, float[] dy,
                                               int dyOff, float[] sums, int sumOff) {
        FloatVector a00 = FloatVector.fromArray(S, sums, sumOff);
        FloatVector a01 = FloatVector.fromArray(S, sums, sumOff + L);
        FloatVector a02 = FloatVector.fromArray(S, sums, sumOff + 2 * L);
        FloatVector a10 = FloatVector.fromArray(S, sums, sumOff + 3 * L);
        FloatVector a11 = FloatVector.fromArray(S, sums, sumOff + 4 * L);
        FloatVector a12 = FloatVector.fromArray(S, sums, sumOff + 5 * L);
        FloatVector a20 = FloatVector.fromArray(S, sums, sumOff + 6 * L);
        FloatVector a21 = FloatVector.fromArray(S, sums, sumOff + 7 * L);
        FloatVector a22 = FloatVector.fromArray(S, sums, sumOff + 8 * L);
        FloatVector ab = FloatVector.fromArray(S, sums, sumOff + 9 * L);
        int end = ENTRY * pairs;
        for (int e = 0; e < end; e += ENTRY) {
            int i0 = c[e];
            int i1 = i0 + wp;
            int i2 = i1 + wp;
            int i3 = i2 + wp;
            int out = dyOff + c[e + 1];
            FloatVector step = FloatVector.fromArray(S, STEP, c[e + 2]);
            FloatVector top = FloatVector.fromArray(S, dy, out).mul(step);
            FloatVector bottom = FloatVector.fromArray(S, dy, out + outW).mul(step);
            FloatVector v = FloatVector.fromArray(S, padded, i0);
            a00 = top.fma(v, a00);
            v = FloatVector.fromArray(S, padded, i0 + 1);
            a01 = top.fma(v, a01);
            v = FloatVector.fromArray(S, padded, i0 + 2);
            a02 = top.fma(v, a02);
            v = FloatVector.fromArray(S, padded, i1);
            a10 = top.fma(v, a10);
            a00 = bottom.fma(v, a00);
            v = FloatVector.fromArray(S, padded, i1 + 1);
            a11 = top.fma(v, a11);
            a01 = bottom.fma(v, a01);
            v = FloatVector.fromArray(S, padded, i1 + 2);
            a12 = top.fma(v, a12);
            a02 = bottom.fma(v, a02);
            v = FloatVector.fromArray(S, padded, i2);
            a20 = top.fma(v, a20);
            a10 = bottom.fma(v, a10);
            v = FloatVector.fromArray(S, padded, i2 + 1);
            a21 = top.fma(v, a21);
            a11 = bottom.fma(v, a11);
            v = FloatVector.fromArray(S, padded, i2 + 2);
            a22 = top.fma(v, a22);
            a12 = bottom.fma(v, a12);
            v = FloatVector.fromArray(S, padded, i3);
            a20 = bottom.fma(v, a20);
            v = FloatVector.fromArray(S, padded, i3 + 1);
            a21 = bottom.fma(v, a21);
            v = FloatVector.fromArray(S, padded, i3 + 2);
            a22 = bottom.fma(v, a22);
            ab = ab.add(top).add(bottom);
        }
        a00.intoArray(sums, sumOff);
        a01.intoArray(sums, sumOff + L);
        a02.intoArray(sums, sumOff + 2 * L);
        a10.intoArray(sums, sumOff + 3 * L);
        a11.intoArray(sums, sumOff + 4 * L);
        a12.intoArray(sums, sumOff + 5 * L);
        a20.intoArray(sums, sumOff + 6 * L);
        a21.intoArray(sums, sumOff + 7 * L);
        a22.intoArray(sums, sumOff + 8 * L);
        ab.intoArray(sums, sumOff + 9 * L);
    }

    /**
     * Any other taps (not 3 x 3, not 9): four at a time (four independent sums, so that the multiply-adds do not
     * wait on each other), then one at a time, then the bias. One method, not three small helpers: each helper was
     * small enough for C2 to inline into its caller, and where that caller's inlining budget ran out they stayed
     * in C1 code, whose vectors are heap objects. In half of the fresh JVMs at AVX2 the 1 x 1 weight gradient then
     * allocated 448-832 bytes per call for as long as it ran. This method is too large to be inlined, so C2
     * compiles it on its own, as it does the 3 x 3 and nine-tap loops.
     */
    private static void weightGradientAnyTaps(int[] r, int k, int[] c, int count, float[] padded, float[] dy,
                                              int dyOff, float[] sums, int sumOff) {
        int end = ENTRY * count;
        int t = 0;
        for (; t + 4 <= k; t += 4) {
            int at = sumOff + t * L;
            int r0 = r[t];
            int r1 = r[t + 1];
            int r2 = r[t + 2];
            int r3 = r[t + 3];
            FloatVector a0 = FloatVector.fromArray(S, sums, at);
            FloatVector a1 = FloatVector.fromArray(S, sums, at + L);
            FloatVector a2 = FloatVector.fromArray(S, sums, at + 2 * L);
            FloatVector a3 = FloatVector.fromArray(S, sums, at + 3 * L);
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
        for (; t < k; t++) {
            int at = sumOff + t * L;
            int r0 = r[t];
            FloatVector a0 = FloatVector.fromArray(S, sums, at);
            for (int e = 0; e < end; e += ENTRY) {
                FloatVector d = FloatVector.fromArray(S, dy, dyOff + c[e + 1])
                        .mul(FloatVector.fromArray(S, STEP, c[e + 2]));
                a0 = d.fma(FloatVector.fromArray(S, padded, r0 + c[e]), a0);
            }
            a0.intoArray(sums, at);
        }
        int at = sumOff + k * L;
        FloatVector bias = FloatVector.fromArray(S, sums, at);
        for (int e = 0; e < end; e += ENTRY) {
            bias = bias.add(FloatVector.fromArray(S, dy, dyOff + c[e + 1])
                    .mul(FloatVector.fromArray(S, STEP, c[e + 2])));
        }
        bias.intoArray(sums, at);
    }
}
