package io.neurite.backend.pure;

import io.neurite.kernel.Window2d;

/**
 * Direct convolution for windows of few taps ({@code K = C * kh * kw <= 9}, stride 1): the forward
 * product and the weight gradient written as shifted multiply-adds over a zero-padded copy of each image
 * ({@link ConvGeometry#pad}), with no im2col matrix and no gemm. The CNN's first layer (one channel in, 32
 * filters, 3x3 same, {@code K = 9}) is the case it is for: there a gemm's k-loop is 9 steps long, so its tile's C
 * traffic and the transposes around it cost more than the multiply-adds themselves.
 * <ul>
 *   <li>Forward: output pixel {@code (o, oy, ox)} is {@code b[o] + sum_t w[o, t] * padded[rowOff[t] + oy * wp
 *       + ox]}, and for stride 1 the pixels of one output row read one contiguous run of the padded image per
 *       tap ({@link ConvGeometry#rowOff}), so a row is computed a vector of pixels at a time and stored once.</li>
 *   <li>Weight gradient: {@code dW[o, t] = sum_n sum_pixels dy[n, o, pixel] * padded_n[rowOff[t] + pixel]},
 *       the same runs read against the rows of the output gradient in place (no transposed copy), and the bias
 *       gradient {@code db[o]} summed in the same pass. The sums are kept per lane across all images of a run
 *       and reduced once at its end, lane by lane in order, so a run's result does not depend on timing.</li>
 * </ul>
 * This class is the scalar path (also the reference for the SIMD one); {@code VectorDirectConvolution} overrides
 * the per-channel loops with vectors of pixels. {@link #forThisPath} returns the one for the active
 * {@link KernelPath}. Both allocate nothing once their per-thread scratch has grown to the largest layer.
 *
 * <p>The input gradient is not here: for a first layer it is never asked for, and the existing small path
 * (im2col and the unpacked gemm) serves it. Strided windows are not here either (their runs are not
 * contiguous): {@link #handles} is the predicate the convolution kernels dispatch on.
 */
class DirectConvolution {
    /**
     * The most taps (rows of the im2col matrix) the direct path takes. It loads one vector of the image per
     * multiply-add whatever {@code K} is, while a gemm's register tile reuses each load for several filters.
     * Batch 128 of 28x28, 32 filters, one thread's CPU ms (forward, weight gradient), Zen 4 at 512 bits, im2col
     * and the unpacked gemm against this path: K = 1: 2.2, 3.5 against 0.9, 0.8; K = 4: 3.0, 3.6 against 1.6,
     * 1.6; K = 8 (2x2 on two channels): 3.1, 4.2 against 3.2, 2.8; K = 9 (3x3): 2.7, 4.1 against 1.0, 1.3;
     * but K = 25 (5x5): 4.9, 5.5 against 5.8, 6.6 and K = 27 (3x3 on three channels): 4.6, 6.8 against 6.2,
     * 8.5. Nine taps have loops of their own (weights or sums in registers); fewer share the general ones.
     */
    static final int MAX_TAPS = 9;

    private static final DirectConvolution PATH = choose();

    /** Per-thread scratch, grown to the largest layer seen and then reused. */
    static final class Scratch {
        float[] padded = new float[0];
        float[] sums = new float[0];
        /** The SIMD path's walk over one output channel ({@code VectorDirectConvolution#prepare}), and its geometry. */
        int[] chunks = new int[0];
        int chunkCount;
        int pairCount;
        ConvGeometry chunksOf;

        float[] padded(int n) {
            return padded.length < n ? (padded = new float[n]) : padded;
        }

        /** {@code n} floats, zero. */
        float[] sums(int n) {
            if (sums.length < n) {
                sums = new float[n];
            } else {
                java.util.Arrays.fill(sums, 0, n, 0f);
            }
            return sums;
        }
    }

    private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

    /**
     * Tiny operands on which {@link KernelWarmUp} calls every loop and branch of this path, so that C2 compiles
     * them as whole methods before a real layer's long walks can trigger on-stack-replacement compiles, and
     * so that no branch first taken later sends compiled code back to the interpreter, where every vector is
     * a heap object (see KernelWarmUp). Widths of one vector (whole vectors only), one vector and a pixel (an
     * overlapping vector per row) and one pixel (the scalar loops); 3x3 same over two rows (one pair) and three
     * (a pair and a last row), 3x3 dilated (nine taps a row at a time), 1x1 on one and on five channels (the
     * general loops, with and without a group of four taps).
     */
    static final class WarmUp {
        private final DirectConvolution path = forThisPath();
        private final ConvGeometry[] geometries;
        private final float[] x;
        private final float[] w = new float[9];
        private final float[] bias = new float[1];
        private final float[] y;
        private final float[] partial = new float[10];

        WarmUp() {
            int lanes = path.lanes();
            Window2d same3 = new Window2d(3, 3, 1, 1, 1, 1, 1, 1, 1, 1);
            geometries = new ConvGeometry[] {
                new ConvGeometry(1, 3, lanes + 1, same3, 3, lanes + 1),
                new ConvGeometry(1, 2, lanes, same3, 2, lanes),
                new ConvGeometry(1, 3, lanes + 1, new Window2d(3, 3, 1, 1, 2, 2, 2, 2, 2, 2), 3, lanes + 1),
                new ConvGeometry(1, 3, lanes, Window2d.of(1, 1), 3, lanes),
                new ConvGeometry(5, 3, lanes + 1, Window2d.of(1, 1), 3, lanes + 1),
                new ConvGeometry(1, 3, 1, same3, 3, 1)};
            x = new float[5 * 3 * (lanes + 1)];
            y = new float[3 * (lanes + 1)];
        }

        void run() {
            for (ConvGeometry g : geometries) {
                path.forward(g, x, w, bias, 1, y, 0, 1);
                path.forward(g, x, w, null, 1, y, 0, 1);
                path.weightGradient(g, x, y, 1, partial, 0, 1);
            }
        }
    }

    DirectConvolution() {
    }

    /** The implementation for the active kernel path: SIMD when the Vector API is in use, else scalar. */
    static DirectConvolution forThisPath() {
        return PATH;
    }

    private static DirectConvolution choose() {
        if (!KernelPath.get().simd()) {
            return new DirectConvolution();
        }
        try {
            // by name, as KernelPath loads the other SIMD classes: this class must load without the module
            return (DirectConvolution) Class.forName(DirectConvolution.class.getPackageName()
                    + ".VectorDirectConvolution").getDeclaredConstructor().newInstance();
        } catch (ReflectiveOperationException | LinkageError e) {
            return new DirectConvolution();
        }
    }

    /**
     * Whether the direct path computes this geometry's forward product and weight gradient: stride 1 in both
     * directions (any padding, dilation and channel count) and at most {@link #MAX_TAPS} taps.
     */
    static boolean handles(ConvGeometry g) {
        return g.window.strideH() == 1 && g.window.strideW() == 1 && g.k <= MAX_TAPS;
    }

    /** Floats per sum in the weight gradient's scratch: the lanes of one vector (1 on the scalar path). */
    int lanes() {
        return 1;
    }

    /**
     * Forward of images {@code [from, to)}: {@code y[n] = conv(x[n], w) + bias}, {@code x} {@code [N, C, h, w]},
     * {@code w} {@code [F, K]}, {@code bias} {@code [F]} or null, {@code y} {@code [N, F, outH, outW]} (every
     * element written).
     */
    final void forward(ConvGeometry g, float[] x, float[] w, float[] bias, int filters, float[] y, int from,
                       int to) {
        Scratch s = SCRATCH.get();
        prepare(g, s);
        float[] padded = s.padded(g.paddedSize);
        int inSize = g.channels * g.h * g.w;
        for (int n = from; n < to; n++) {
            g.pad(x, n * inSize, padded);
            int yn = n * filters * g.p;
            for (int o = 0; o < filters; o++) {
                forwardChannel(g, s, padded, w, o * g.k, bias == null ? 0f : bias[o], y, yn + o * g.p);
            }
        }
    }

    /**
     * The weight gradient of images {@code [from, to)} as one run's partial sums, in the layout of the small
     * path's: {@code dWᵀ} ({@code partial[t * F + o]} for tap {@code t} of filter {@code o}) and then
     * {@code db} ({@code partial[F * K + o]}); {@code [0, F * K + F)} is overwritten.
     */
    final void weightGradient(ConvGeometry g, float[] x, float[] dy, int filters, float[] partial, int from,
                              int to) {
        int k = g.k;
        int lanes = lanes();
        int perFilter = (k + 1) * lanes; // k tap sums, then the bias sum
        Scratch s = SCRATCH.get();
        prepare(g, s);
        float[] padded = s.padded(g.paddedSize);
        float[] sums = s.sums(filters * perFilter);
        int inSize = g.channels * g.h * g.w;
        for (int n = from; n < to; n++) {
            g.pad(x, n * inSize, padded);
            int yn = n * filters * g.p;
            for (int o = 0; o < filters; o++) {
                weightGradientChannel(g, s, padded, dy, yn + o * g.p, sums, o * perFilter);
            }
        }
        for (int o = 0; o < filters; o++) {
            for (int t = 0; t <= k; t++) {
                int at = o * perFilter + t * lanes;
                float sum = 0f;
                for (int l = 0; l < lanes; l++) { // in lane order: the same result on every run
                    sum += sums[at + l];
                }
                partial[t * filters + o] = sum; // t == k is the bias: partial[F * K + o]
            }
        }
    }

    /** Called once per kernel call on each thread before the per-channel loops: nothing to do here. */
    void prepare(ConvGeometry g, Scratch s) {
    }

    /** One output channel of one image: {@code y[yOff .. + P)} from the padded image and {@code w[wOff .. + K)}. */
    void forwardChannel(ConvGeometry g, Scratch s, float[] padded, float[] w, int wOff, float bias, float[] y,
                        int yOff) {
        int[] rowOff = g.rowOff;
        int k = g.k;
        for (int oy = 0; oy < g.outH; oy++) {
            int in = oy * g.wp;
            int out = yOff + oy * g.outW;
            for (int ox = 0; ox < g.outW; ox++) {
                float sum = bias;
                for (int t = 0; t < k; t++) {
                    sum += w[wOff + t] * padded[rowOff[t] + in + ox];
                }
                y[out + ox] = sum;
            }
        }
    }

    /**
     * Adds one output channel's gradient {@code dy[dyOff .. + P)} against the padded image to the sums of its
     * filter: tap {@code t} at {@code sums[sumOff + t * lanes()]}, the bias at {@code sums[sumOff + K * lanes()]}
     * (here in lane 0 only; the SIMD path spreads them over the lanes).
     */
    void weightGradientChannel(ConvGeometry g, Scratch s, float[] padded, float[] dy, int dyOff, float[] sums,
                               int sumOff) {
        int[] rowOff = g.rowOff;
        int k = g.k;
        int lanes = lanes();
        for (int t = 0; t < k; t++) {
            float sum = 0f;
            for (int oy = 0; oy < g.outH; oy++) {
                int in = rowOff[t] + oy * g.wp;
                int out = dyOff + oy * g.outW;
                for (int ox = 0; ox < g.outW; ox++) {
                    sum += dy[out + ox] * padded[in + ox];
                }
            }
            sums[sumOff + t * lanes] += sum;
        }
        float bias = 0f;
        for (int q = 0; q < g.p; q++) {
            bias += dy[dyOff + q];
        }
        sums[sumOff + k * lanes] += bias;
    }
}
