package io.neurite.backend.pure;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link MaxPool2x2} on the Vector API, row pair by row pair (the top row {@code w} values, the bottom row the
 * next {@code w}). Every vector is of the preferred species: a second species in the same JVM (256 bits, to fit
 * the 14x14 planes at 512) made C2 compile other vector loops without intrinsics, 992 KB of garbage per CNN step
 * against 1.6 KB.
 *
 * <p>Rows narrower than a vector are not left to the scalar loop: a row pair then takes one vector per row that
 * runs on into the next row pair, and the lanes past the row's end compute junk that is stored over the next
 * row pair's elements, which that row pair's own stores (later, on the same thread) overwrite. Nothing is stored
 * past the end of the calling thread's planes: a row pair whose vectors would reach there takes the scalar
 * loop. Rows of at least a vector's windows end with a vector moved back to end at the row's end (it recomputes
 * a few windows, which stores the same values twice). Below a quarter of a vector's lanes of windows per row
 * the scalar loops of {@code PoolingLoops} run instead.
 */
final class VectorMaxPool2x2 extends MaxPool2x2 {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();
    /** Windows in a vector of one row (backward: two lanes per window). */
    private static final int W = L / 2;
    /** Lane {@code i} takes lane {@code 2i mod L}: the even lanes gathered into each half. */
    private static final VectorShuffle<Float> EVEN_TWICE = VectorShuffle.fromOp(S, i -> (2 * i) % L);
    /** The upper half of the lanes. */
    private static final VectorMask<Float> UPPER_HALF = VectorMask.fromLong(S, -1L << W);
    /** Swaps the two lanes of each horizontal pair: lane {@code i} takes lane {@code i ^ 1}. */
    private static final VectorShuffle<Float> SWAP_PAIRS = VectorShuffle.fromOp(S, i -> i ^ 1);
    /** Repeats each of the first half's lanes twice: lane {@code i} takes lane {@code i / 2}. */
    private static final VectorShuffle<Float> DOUBLE_UP = VectorShuffle.fromOp(S, i -> i >> 1);
    private static final VectorMask<Float> EVEN_LANES = VectorMask.fromValues(S, evenLanes());

    private static boolean[] evenLanes() {
        boolean[] even = new boolean[L];
        for (int i = 0; i < L; i += 2) {
            even[i] = true;
        }
        return even;
    }

    /** Whether rows of {@code outW} windows are worth vectors: at least a quarter of a vector's lanes. */
    private static boolean vectorsPay(int outW) {
        return L >= 4 && 4 * outW >= L;
    }

    /**
     * Per row pair, {@code L} windows from two vectors of each row (one, for rows of at most {@code W} windows):
     * the vertical maxima, the horizontal ones (a
     * lane swap), each vector's even lanes gathered into both halves of a vector (a one-vector rearrange), and
     * the first vector's lower half blended with the second's upper half. (A two-vector rearrange would do the
     * last two steps at once, but JDK 17 does not compile it to vector instructions: 3.7 MB of garbage per CNN
     * step.) Measured on the CNN's 28x28 pooling (batch 128, 32 channels, one Zen 4 core at 512 bits): 1.6 ms
     * for {@code PoolingLoops}' scalar loop.
     */
    @Override
    boolean forward(float[] x, float[] y, int fromPlane, int toPlane, int h, int w) {
        int outH = h / 2;
        int outW = w / 2;
        if (!vectorsPay(outW)) {
            return false;
        }
        int yEnd = toPlane * outH * outW;
        if (outW <= W) {
            // one vector per row holds all the row's windows
            for (int r = fromPlane * outH, rEnd = toPlane * outH; r < rEnd; r++) {
                int top = 2 * w * r;
                int bottom = top + w;
                int o = outW * r;
                if (o + L > yEnd || bottom + L > x.length) {
                    forwardScalar(x, top, bottom, y, o, 0, outW);
                    continue;
                }
                FloatVector a = FloatVector.fromArray(S, x, top).max(FloatVector.fromArray(S, x, bottom));
                a.max(a.rearrange(SWAP_PAIRS)).rearrange(EVEN_TWICE).intoArray(y, o);
            }
            return true;
        }
        for (int r = fromPlane * outH, rEnd = toPlane * outH; r < rEnd; r++) {
            int top = 2 * w * r;
            int bottom = top + w;
            int o = outW * r;
            for (int ox0 = 0; ox0 < outW; ox0 += L) {
                int s = outW >= L ? Math.min(ox0, outW - L) : 0;
                if (o + s + L > yEnd || bottom + 2 * s + 2 * L > x.length) {
                    forwardScalar(x, top, bottom, y, o, s, outW);
                    break;
                }
                int i0 = top + 2 * s;
                int i1 = bottom + 2 * s;
                // Math.max semantics lane by lane: NaN if either is NaN
                FloatVector a = FloatVector.fromArray(S, x, i0).max(FloatVector.fromArray(S, x, i1));
                FloatVector b = FloatVector.fromArray(S, x, i0 + L).max(FloatVector.fromArray(S, x, i1 + L));
                a = a.max(a.rearrange(SWAP_PAIRS)).rearrange(EVEN_TWICE);
                b = b.max(b.rearrange(SWAP_PAIRS)).rearrange(EVEN_TWICE);
                a.blend(b, UPPER_HALF).intoArray(y, o + s);
            }
        }
        return true;
    }

    /** Windows {@code [from, to)} of one row pair, as {@code PoolingLoops}' scalar 2x2 loop. */
    private static void forwardScalar(float[] x, int top, int bottom, float[] y, int o, int from, int to) {
        for (int ox = from; ox < to; ox++) {
            int i = 2 * ox;
            y[o + ox] = Math.max(Math.max(x[top + i], x[top + i + 1]), Math.max(x[bottom + i], x[bottom + i + 1]));
        }
    }

    /**
     * Per row pair, vectors of {@code W} windows: each lane's window maximum from its own value, its pair
     * neighbour's (a lane swap) and the other row's two, then masks that pick the first maximum in row-major
     * order (left before right, top before bottom; NaN counts as equal to a NaN maximum). Measured on the CNN's
     * 28x28 pooling (batch 128, 32 channels): 4.7 ms for the scalar loop of bit masks; on its 14x14 pooling,
     * 2.5 ms when rows narrower than a vector took the scalar loop.
     */
    @Override
    boolean backward(float[] x, float[] dy, float[] dx, int fromPlane, int toPlane, int h, int w) {
        int outH = h / 2;
        int outW = w / 2;
        if (!vectorsPay(outW)) {
            return false;
        }
        int dxEnd = toPlane * h * w;
        FloatVector zero = FloatVector.zero(S);
        for (int r = fromPlane * outH, rEnd = toPlane * outH; r < rEnd; r++) {
            int top = 2 * w * r;
            int bottom = top + w;
            int o = outW * r;
            for (int ox0 = 0; ox0 < outW; ox0 += W) {
                int s = outW >= W ? Math.min(ox0, outW - W) : 0;
                if (bottom + 2 * s + L > dxEnd || o + s + L > dy.length) {
                    backwardScalar(x, top, bottom, dy, o, s, outW, dx);
                    break;
                }
                int i0 = top + 2 * s;
                int i1 = bottom + 2 * s;
                FloatVector a = FloatVector.fromArray(S, x, i0);
                FloatVector b = FloatVector.fromArray(S, x, i1);
                FloatVector as = a.rearrange(SWAP_PAIRS);
                FloatVector bs = b.rearrange(SWAP_PAIRS);
                FloatVector m = a.max(as).max(b.max(bs)); // NaN if any is NaN, as Math.max
                VectorMask<Float> eqA = a.compare(VectorOperators.EQ, m).or(a.compare(VectorOperators.NE, a));
                VectorMask<Float> eqAs = as.compare(VectorOperators.EQ, m).or(as.compare(VectorOperators.NE, as));
                VectorMask<Float> eqB = b.compare(VectorOperators.EQ, m).or(b.compare(VectorOperators.NE, b));
                VectorMask<Float> eqBs = bs.compare(VectorOperators.EQ, m).or(bs.compare(VectorOperators.NE, bs));
                // top row: the left element if it is a maximum, the right one if it is and the left is not
                VectorMask<Float> selA = eqA.and(EVEN_LANES.or(eqAs.not()));
                // bottom row: likewise, if neither top element is
                VectorMask<Float> selB = eqB.and(eqA.or(eqAs).not()).and(EVEN_LANES.or(eqBs.not()));
                FloatVector g = FloatVector.fromArray(S, dy, o + s).rearrange(DOUBLE_UP);
                // top first: when the row is narrower than a vector its lanes run on into the bottom row,
                // which the second store then overwrites
                zero.blend(g, selA).intoArray(dx, i0);
                zero.blend(g, selB).intoArray(dx, i1);
            }
        }
        return true;
    }

    /** Windows {@code [from, to)} of one row pair, as {@code PoolingLoops}' scalar 2x2 loop. */
    private static void backwardScalar(float[] x, int top, int bottom, float[] dy, int o, int from, int to,
                                       float[] dx) {
        for (int ox = from; ox < to; ox++) {
            int i = 2 * ox;
            float a = x[top + i];
            float b = x[top + i + 1];
            float c = x[bottom + i];
            float d = x[bottom + i + 1];
            float m = Math.max(Math.max(a, b), Math.max(c, d));
            float g = dy[o + ox];
            boolean ea = a == m || a != a;
            boolean eb = !ea && (b == m || b != b);
            boolean ec = !ea && !eb && (c == m || c != c);
            boolean ed = !ea && !eb && !ec;
            dx[top + i] = ea ? g : 0f;
            dx[top + i + 1] = eb ? g : 0f;
            dx[bottom + i] = ec ? g : 0f;
            dx[bottom + i + 1] = ed ? g : 0f;
        }
    }
}
