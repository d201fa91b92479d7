package io.neurite.backend.pure;

import io.neurite.kernel.ConvolutionKernels;
import io.neurite.kernel.Im2col;
import io.neurite.kernel.KernelChecks;
import io.neurite.kernel.Window2d;
import io.neurite.tensor.Shape;
import io.neurite.tensor.Tensor;
import java.util.Arrays;

/**
 * Convolution as micro-kernel products ({@link MicroKernel}, the backend's sgemm tile for this machine's vector
 * width) over operands packed straight from the images, the weight and the output gradient ({@link ConvPacking}),
 * one image at a time, with {@code K = C * kh * kw} and {@code m} columns (the output pixels, see below):
 * <pre>
 *   forward       Y (F x m)    = W (F x K) · col (K x m)            then copied into y[n], + bias
 *   input grad    stride 1: the forward product of dY (F channels) with the flipped weight (C filters,
 *                 K' = F * kh * kw) over padding dilation * (kernel - 1) - pad, straight into dx[n]
 *                 ({@link ConvGeometry#transposed}); otherwise
 *                 dcol (K x m) = Wᵀ (K x F) · dY (F x m)            then col2im into dx[n]
 *   weight grad   dW (F x K) += dY (F x m) · colᵀ (m x K)          summed over the images, added once
 * </pre>
 * <ul>
 *   <li>The im2col matrix {@code col} is never written out: its elements are copied from a zero-padded copy of
 *       the image ({@link ConvGeometry}) into the micro-kernel's packed sliver layout directly, and the weight's
 *       packed form is made once per call and shared by the threads. This replaced im2col into a column buffer
 *       of several images followed by the general sgemm, which packed that buffer a second time.</li>
 *   <li>For stride 1 the columns are "wide" ({@link ConvGeometry#wide}): column {@code oy * wp + ox}, so that a
 *       row of {@code col} is one contiguous run of the padded image (a plain copy into the packed B slivers,
 *       a plain add in col2im), at the price of {@code wp - outW} junk columns per output row.</li>
 *   <li>The stride-1 input gradient as a forward product has a long k-dimension (576 for the CNN's 32→64
 *       layer, against 64 for {@code Wᵀ · dY}), so the micro-kernel loads and stores its C tile far less
 *       often, and there is no col2im: on one Zen 4 core 17.0 → 13.5–14.1 ms per batch of 128.</li>
 *   <li>In the wide columns the micro-kernel reads the im2col rows in place, through their offsets in the
 *       padded image ({@link MicroKernel#multiplyAddRows}): B is never packed (conv2 forward 12.5 → 11.5 ms,
 *       input gradient 13.7 → 11.5 ms per batch of 128 on one Zen 4 core).</li>
 *   <li>The weight gradient's k-dimension is the output pixels (no junk columns). Its B operand is the
 *       transposed im2col matrix with its columns in {@code (i, j, c)} order, read in place from a
 *       channels-last copy of the image, where a sliver's row at one pixel is a run of adjacent channels; its
 *       A operand is {@code dY} read in place as rows ({@link MicroKernel#multiplyAddStrided}). (Before, the
 *       whole of {@code col} was packed as the A side: 16 → 13.2 ms; then nothing packed at all: see
 *       nn-bench/RESULTS.md.)</li>
 *   <li>Each image's result stays in a per-thread buffer padded to whole tiles (no edge tiles). The tile is
 *       {@link MicroKernel#forRows} of the product's rows: the CNN's 64 filters run on an 8-row tile.</li>
 *   <li>Stride-1 layers of at most 9 taps ({@code C * kh * kw}: the first layer, {@code K = 9}) run their
 *       forward product and weight gradient as a direct convolution ({@link DirectConvolution}): shifted
 *       multiply-adds over the padded image, and dY read in place.</li>
 *   <li>Other products of one image small enough for the unpacked gemm (and the first layer's input
 *       gradient) run as im2col of that image ({@link Im2col}) and {@link Gemm}: there the packed tile's C
 *       traffic per k-step costs more than packing saves.</li>
 * </ul>
 * Per-kernel and whole-step figures before and after are in nn-bench/RESULTS.md.
 *
 * <p>The batch is split into one contiguous run of images per worker thread. Weight gradients are summed per
 * run and then added in run order, so the result does not depend on which thread ran which run. Nothing is
 * allocated once the scratch buffers have grown to the largest layer and the geometries of the layers are
 * cached (a few per calling thread).
 */
final class PureConvolutionKernels implements ConvolutionKernels {
    private final PureBackend backend;

    PureConvolutionKernels(PureBackend backend) {
        this.backend = backend;
    }

    /** Per-thread scratch, grown to the largest layer seen and then reused. */
    private static final class Scratch {
        float[] padded = new float[0];
        float[] ap = new float[0];
        float[] bp = new float[0];
        float[] c = new float[0];
        float[] grad = new float[0];
        float[] col = new float[0];

        float[] padded(int n) {
            return padded.length < n ? (padded = new float[n]) : padded;
        }

        float[] ap(int n) {
            return ap.length < n ? (ap = new float[n]) : ap;
        }

        float[] bp(int n) {
            return bp.length < n ? (bp = new float[n]) : bp;
        }

        float[] c(int n) {
            return c.length < n ? (c = new float[n]) : c;
        }

        float[] col(int n) {
            return col.length < n ? (col = new float[n]) : col;
        }

        /** {@code 0, nr, 2 nr, ...}: the row offsets of a packed B sliver of {@code n} rows. */
        int[] linear = new int[0];
        int linearNr;

        int[] linear(int n, int nr) {
            if (linear.length < n || linearNr != nr) {
                linear = new int[Math.max(n, linear.length)];
                linearNr = nr;
                for (int i = 0; i < linear.length; i++) {
                    linear[i] = i * nr;
                }
            }
            return linear;
        }

        float[] grad(int n) {
            return grad.length < n ? (grad = new float[n]) : grad;
        }
    }

    private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

    private enum Mode { FORWARD, INPUT_GRADIENT, WEIGHT_GRADIENT }

    /** Geometries kept per calling thread: one per convolution layer shape in use. */
    private static final int GEOMETRIES = 8;

    /** One kernel call as a pool job: task {@code t} handles images {@code [t*N/T, (t+1)*N/T)}. */
    private static final class Job implements WorkerPool.Job {
        Gemm gemm;
        MicroKernel kernel;
        /** Whether one image's product is small enough for the unpacked gemm (the first layer's K = 9). */
        boolean small;
        /** Whether forward and weight gradient run as {@link DirectConvolution} (a case of {@link #small}). */
        boolean direct;
        /** The weight, {@code [F, K]}, for the small products. */
        float[] weight;
        int kcMax;
        Mode mode;
        int batch;
        int runs;
        int filters;
        ConvGeometry g;
        /** The image side: input (forward, weight gradient) or input gradient (written). */
        float[] x;
        float[] bias;
        /** The output side: output (written) or output gradient (read). */
        float[] y;
        /** The weight packed for this call's product (forward: B side; input gradient: A side). */
        float[] packedWeight = new float[0];
        /** Weight-gradient partial sums per run: {@code dW (Fpad x Kpad)} then {@code db (F)}. */
        float[][] partials = new float[0][];
        final ConvGeometry[] geometries = new ConvGeometry[GEOMETRIES];
        int nextGeometry;

        /** The packed-weight buffer, grown to at least {@code n} floats. */
        float[] packedWeight(int n) {
            if (packedWeight.length < n) {
                packedWeight = new float[n];
            }
            return packedWeight;
        }

        ConvGeometry geometry(int channels, int h, int w, Window2d window, int outH, int outW) {
            for (ConvGeometry known : geometries) {
                if (known != null && known.matches(channels, h, w, window)) {
                    return known;
                }
            }
            ConvGeometry made = new ConvGeometry(channels, h, w, window, outH, outW);
            geometries[nextGeometry] = made;
            nextGeometry = (nextGeometry + 1) % GEOMETRIES;
            return made;
        }

        @Override
        public void run(int task) {
            int from = (int) ((long) batch * task / runs);
            int to = (int) ((long) batch * (task + 1) / runs);
            switch (mode) {
                case FORWARD -> {
                    if (direct) {
                        DirectConvolution.forThisPath().forward(g, x, weight, bias, filters, y, from, to);
                    } else if (small) {
                        forwardSmall(from, to);
                    } else {
                        forward(from, to);
                    }
                }
                case INPUT_GRADIENT -> {
                    if (small) {
                        inputGradientSmall(from, to);
                    } else {
                        inputGradient(from, to);
                    }
                }
                case WEIGHT_GRADIENT -> {
                    if (direct) {
                        DirectConvolution.forThisPath().weightGradient(g, x, y, filters, partials[task], from, to);
                    } else if (small) {
                        weightGradientSmall(partials[task], from, to);
                    } else {
                        weightGradient(partials[task], from, to);
                    }
                }
                default -> throw new IllegalStateException(mode.toString());
            }
        }

        /*
         * The small products (the first layer's K = 9): one image's im2col matrix (Im2col, over the pixels
         * themselves, so that results are already in the image's layout) and the unpacked gemm, which reads its
         * operands in place. Operands start at offset 0 there, so the image's output gradient is copied first.
         */

        private void forwardSmall(int from, int to) {
            int k = g.k;
            int p = g.p;
            int f = filters;
            Scratch s = SCRATCH.get();
            float[] col = s.col(k * p);
            float[] c = s.c(f * p);
            int inSize = g.channels * g.h * g.w;
            for (int n = from; n < to; n++) {
                Im2col.im2col(x, n * inSize, g.channels, g.h, g.w, g.window, g.outH, g.outW, col);
                gemm.multiply(f, p, k, 1f, weight, k, false, col, p, false, 0f, c, p);
                int yo = n * f * p;
                for (int o = 0; o < f; o++) {
                    float bo = bias == null ? 0f : bias[o];
                    int src = o * p;
                    int dst = yo + o * p;
                    for (int q = 0; q < p; q++) {
                        y[dst + q] = c[src + q] + bo;
                    }
                }
            }
        }

        private void inputGradientSmall(int from, int to) {
            int k = g.k;
            int p = g.p;
            int f = filters;
            Scratch s = SCRATCH.get();
            float[] col = s.col(k * p);
            float[] dyc = s.grad(f * p);
            int inSize = g.channels * g.h * g.w;
            for (int n = from; n < to; n++) {
                System.arraycopy(y, n * f * p, dyc, 0, f * p);
                gemm.multiply(k, p, f, 1f, weight, k, true, dyc, p, false, 0f, col, p);
                Arrays.fill(x, n * inSize, (n + 1) * inSize, 0f);
                Im2col.col2im(col, g.channels, g.h, g.w, g.window, g.outH, g.outW, x, n * inSize);
            }
        }

        /** Leaves {@code dWᵀ} ({@code K x F}) in {@code partial}, then {@code db}. */
        private void weightGradientSmall(float[] partial, int from, int to) {
            int k = g.k;
            int p = g.p;
            int f = filters;
            Scratch s = SCRATCH.get();
            float[] col = s.col(k * p);
            float[] dyt = s.grad(f * p);
            Arrays.fill(partial, 0, f * k + f, 0f);
            int inSize = g.channels * g.h * g.w;
            for (int n = from; n < to; n++) {
                Im2col.im2col(x, n * inSize, g.channels, g.h, g.w, g.window, g.outH, g.outW, col);
                // dYᵀ (P x F), bias sums on the way: with F as the product's columns, its vectors are full
                // (the other way round, dW = dY · colᵀ, had K = 9 columns and ran at half the speed)
                int yo = n * f * p;
                for (int o = 0; o < f; o++) {
                    float sum = 0f;
                    int src = yo + o * p;
                    for (int q = 0; q < p; q++) {
                        float v = y[src + q];
                        dyt[q * f + o] = v;
                        sum += v;
                    }
                    partial[f * k + o] += sum;
                }
                gemm.multiply(k, f, p, 1f, col, p, false, dyt, f, false, 1f, partial, f);
            }
        }

        private void forward(int from, int to) {
            int mr = kernel.mr();
            int nr = kernel.nr();
            int k = g.k;
            int p = g.p;
            int m = g.m;
            int f = filters;
            int fPad = ConvPacking.roundUp(f, mr);
            int mPad = ConvPacking.roundUp(m, nr);
            int blocks = ConvPacking.blocks(k, kcMax);
            int kcLargest = (k + blocks - 1) / blocks;
            boolean inPlace = readsRowsInPlace(fPad / mr, nr);
            Scratch s = SCRATCH.get();
            // read in place, the im2col rows are read up to mPad - m past the last one: the padded copy has
            // that much slack (the dropped junk columns read it)
            float[] padded = s.padded(g.paddedSize + nr);
            float[] bp = inPlace ? null : s.bp(mPad * kcLargest);
            float[] c = s.c(fPad * mPad);
            float[] ap = packedWeight;
            int[] rowOff = g.rowOff;
            int inSize = g.channels * g.h * g.w;
            for (int n = from; n < to; n++) {
                g.pad(x, n * inSize, padded);
                Arrays.fill(c, 0, fPad * mPad, 0f);
                for (int b = 0; b < blocks; b++) {
                    int k0 = ConvPacking.blockStart(k, blocks, b);
                    int kc = ConvPacking.blockStart(k, blocks, b + 1) - k0;
                    int aBase = k0 * fPad;
                    if (inPlace) {
                        for (int sb = 0; sb < mPad / nr; sb++) {
                            for (int sa = 0; sa < fPad / mr; sa++) {
                                kernel.multiplyAddRows(kc, ap, aBase + sa * kc * mr, padded, rowOff, k0, sb * nr, c,
                                        sa * mr * mPad + sb * nr, mPad);
                            }
                        }
                        continue;
                    }
                    ConvPacking.columnsAsB(padded, g, k0, kc, nr, bp);
                    for (int sb = 0; sb < mPad / nr; sb++) {
                        int bOff = sb * kc * nr;
                        for (int sa = 0; sa < fPad / mr; sa++) {
                            kernel.multiplyAdd(kc, ap, aBase + sa * kc * mr, bp, bOff, c, sa * mr * mPad + sb * nr,
                                    mPad);
                        }
                    }
                }
                int yo = n * f * p;
                int outW = g.outW;
                for (int o = 0; o < f; o++) {
                    float bo = bias == null ? 0f : bias[o];
                    for (int oy = 0; oy < g.outH; oy++) {
                        int src = o * mPad + g.column(oy, 0);
                        int dst = yo + o * p + oy * outW;
                        for (int ox = 0; ox < outW; ox++) {
                            y[dst + ox] = c[src + ox] + bo;
                        }
                    }
                }
            }
        }

        /**
         * Whether the forward product reads its B operand, the im2col rows, in place from the padded image
         * ({@link MicroKernel#multiplyAddRows}) rather than packing it: only in the wide columns, and only where
         * the in-place reads' extra work per k-step (an offset load and bounds checks, paid once per A sliver)
         * costs less than the packing pass (paid once): with at most {@code nr / 2} slivers of A per B sliver.
         * Measured on one Zen 4 core, conv2 (batch 128), packed → in place: at 512 bits (nr 32) forward (8
         * slivers) 12.5 → 11.5 ms, input gradient (4) 13.7 → 11.5 ms; at 256 bits (5x16 tile) and 128 bits (8x8)
         * the forward product (13 and 8 slivers) ran 0.4–1.5 ms slower in place in five runs out of six, the
         * input gradient (7 and 4) as fast or faster (256 bits: 18.9 → 18.4 ms).
         */
        private boolean readsRowsInPlace(int aSlivers, int nr) {
            return g.wide && 2 * aSlivers <= nr;
        }

        private void inputGradient(int from, int to) {
            int mr = kernel.mr();
            int nr = kernel.nr();
            int k = g.k;
            int p = g.p;
            int m = g.m;
            int f = filters;
            int kPad = ConvPacking.roundUp(k, mr);
            int mPad = ConvPacking.roundUp(m, nr);
            int blocks = ConvPacking.blocks(f, kcMax);
            int kfLargest = (f + blocks - 1) / blocks;
            Scratch s = SCRATCH.get();
            float[] padded = s.padded(g.paddedSize);
            float[] bp = s.bp(mPad * kfLargest);
            float[] c = s.c(kPad * mPad);
            float[] dyc = s.grad(f * m);
            float[] ap = packedWeight;
            int inSize = g.channels * g.h * g.w;
            for (int n = from; n < to; n++) {
                float[] grad = g.gradColumns(y, n * f * p, f, dyc);
                Arrays.fill(c, 0, kPad * mPad, 0f);
                for (int b = 0; b < blocks; b++) {
                    int f0 = ConvPacking.blockStart(f, blocks, b);
                    int kf = ConvPacking.blockStart(f, blocks, b + 1) - f0;
                    ConvPacking.gradAsB(grad, 0, m, m, f0, kf, nr, bp);
                    int aBase = f0 * kPad;
                    for (int sb = 0; sb < mPad / nr; sb++) {
                        int bOff = sb * kf * nr;
                        for (int sa = 0; sa < kPad / mr; sa++) {
                            kernel.multiplyAdd(kf, ap, aBase + sa * kf * mr, bp, bOff, c, sa * mr * mPad + sb * nr,
                                    mPad);
                        }
                    }
                }
                Arrays.fill(padded, 0, g.paddedSize, 0f);
                ConvPacking.col2im(c, mPad, g, padded);
                g.unpad(padded, x, n * inSize);
            }
        }

        /**
         * Leaves {@code dW} ({@code F x K}, its columns in the channels-last order of {@link ConvGeometry#hwcRow},
         * padded to {@code fPad x kPad}) in {@code partial}, then {@code db}: {@code dW += dY · colᵀ} per image,
         * with the output pixels (not the wide columns) as the k-dimension. Both operands are read in place
         * ({@link MicroKernel#multiplyAddStrided}): A as {@code mr} rows of {@code dY}, B through the pixels'
         * offsets in the channels-last image, where a sliver's row is a run of adjacent channels. Only B slivers
         * that are not such a run, and a last partial sliver of filters, are copied.
         */
        private void weightGradient(float[] partial, int from, int to) {
            int mr = kernel.mr();
            int nr = kernel.nr();
            int k = g.k;
            int p = g.p;
            int f = filters;
            int fPad = ConvPacking.roundUp(f, mr);
            int kPad = ConvPacking.roundUp(k, nr);
            int blocks = ConvPacking.blocks(p, kcMax);
            int kcLargest = (p + blocks - 1) / blocks;
            Scratch s = SCRATCH.get();
            float[] padded = s.padded(g.paddedSize);
            float[] bp = s.bp(nr * kcLargest);
            float[] tail = s.ap(mr * kcLargest);
            int[] packedRows = s.linear(kcLargest, nr);
            Arrays.fill(partial, 0, fPad * kPad + f, 0f);
            int biasAt = fPad * kPad;
            int inSize = g.channels * g.h * g.w;
            int fullSlivers = f / mr;
            for (int n = from; n < to; n++) {
                g.padChannelsLast(x, n * inSize, padded);
                int yn = n * f * p;
                for (int b = 0; b < blocks; b++) {
                    int q0 = ConvPacking.blockStart(p, blocks, b);
                    int kc = ConvPacking.blockStart(p, blocks, b + 1) - q0;
                    if (fullSlivers < fPad / mr) {
                        ConvPacking.gradTail(y, yn, p, fullSlivers * mr, f, q0, kc, mr, tail);
                    }
                    for (int sb = 0; sb < kPad / nr; sb++) {
                        int r0 = sb * nr;
                        float[] bs = padded;
                        int[] rows = g.hwcPixel;
                        int rowFrom = q0;
                        int col = g.hwcOff[r0];
                        if (!ConvPacking.channelRun(g, r0, nr)) {
                            ConvPacking.hwcColumnsAsB(padded, g, q0, kc, r0, nr, bp);
                            bs = bp;
                            rows = packedRows;
                            rowFrom = 0;
                            col = 0;
                        }
                        for (int sa = 0; sa < fPad / mr; sa++) {
                            int cOff = sa * mr * kPad + r0;
                            if (sa < fullSlivers) {
                                kernel.multiplyAddStrided(kc, y, yn + sa * mr * p + q0, p, bs, rows, rowFrom, col,
                                        partial, cOff, kPad);
                            } else {
                                kernel.multiplyAddStrided(kc, tail, 0, kc, bs, rows, rowFrom, col, partial, cOff,
                                        kPad);
                            }
                        }
                    }
                }
                for (int o = 0; o < f; o++) {
                    partial[biasAt + o] += sum(y, yn + o * p, p);
                }
            }
        }

        /**
         * {@code a[from, from + n)} summed in four interleaved chains: one chain waits for each add (4 cycles on
         * x86), which for the CNN's 32→64 layer cost about 2 ms per batch of 128, a sixth of its weight gradient.
         */
        private static float sum(float[] a, int from, int n) {
            float s0 = 0f;
            float s1 = 0f;
            float s2 = 0f;
            float s3 = 0f;
            int i = from;
            for (int end = from + (n & ~3); i < end; i += 4) {
                s0 += a[i];
                s1 += a[i + 1];
                s2 += a[i + 2];
                s3 += a[i + 3];
            }
            for (; i < from + n; i++) {
                s0 += a[i];
            }
            return (s0 + s1) + (s2 + s3);
        }

        void clear() {
            gemm = null;
            weight = null;
            x = null;
            bias = null;
            y = null;
            kernel = null;
            g = null;
        }
    }

    private static final ThreadLocal<Job> JOBS = ThreadLocal.withInitial(Job::new);

    @Override
    public void conv2d(Tensor input, Tensor weight, Tensor bias, Window2d window, Tensor output) {
        KernelChecks.conv2d("conv2d", input, weight, bias, window, output);
        Job job = prepare("conv2d", Mode.FORWARD, input, weight, output, window);
        int mr = job.kernel.mr();
        int f = job.filters;
        int k = job.g.k;
        job.weight = data("conv2d", weight);
        if (!job.small) {
            float[] packed = job.packedWeight(k * ConvPacking.roundUp(f, mr));
            ConvPacking.weightAsA(job.weight, f, k, ConvPacking.blocks(k, job.kcMax), mr, packed);
        }
        job.x = data("conv2d", input);
        job.y = data("conv2d", output);
        job.bias = bias == null ? null : data("conv2d", bias);
        run(job);
    }

    @Override
    public void conv2dInputGradient(Tensor gradOutput, Tensor weight, Window2d window, Tensor gradInput) {
        String op = "conv2dInputGradient";
        KernelChecks.conv2dInputGradient(op, gradOutput, weight, window, gradInput);
        Job job = prepare(op, Mode.INPUT_GRADIENT, gradInput, weight, gradOutput, window);
        ConvGeometry transposed = job.small ? null : job.g.transposed(job.filters);
        if (transposed != null) {
            inputGradientAsForward(op, job, transposed, gradOutput, weight, window, gradInput);
            return;
        }
        int mr = job.kernel.mr();
        int f = job.filters;
        int k = job.g.k;
        job.weight = data(op, weight);
        if (!job.small) {
            float[] packed = job.packedWeight(ConvPacking.roundUp(k, mr) * f);
            ConvPacking.weightTransposedAsA(job.weight, f, k, ConvPacking.blocks(f, job.kcMax), mr, packed);
        }
        job.x = data(op, gradInput);
        job.y = data(op, gradOutput);
        run(job);
    }

    /**
     * A stride-1 input gradient as the forward convolution of {@link ConvGeometry#transposed}: the output
     * gradient's {@code F} channels are the image, the flipped weight's {@code C} filters give {@code dX}.
     */
    private void inputGradientAsForward(String op, Job job, ConvGeometry transposed, Tensor gradOutput,
                                        Tensor weight, Window2d window, Tensor gradInput) {
        int channels = job.g.channels;
        int f = job.filters;
        job.mode = Mode.FORWARD;
        job.kernel = job.gemm.microKernel().forRows(channels);
        job.g = transposed;
        job.filters = channels;
        int mr = job.kernel.mr();
        float[] packed = job.packedWeight(transposed.k * ConvPacking.roundUp(channels, mr));
        ConvPacking.flippedWeightAsA(data(op, weight), f, channels, window.kernelH() * window.kernelW(),
                ConvPacking.blocks(transposed.k, job.kcMax), mr, packed);
        job.x = data(op, gradOutput);
        job.y = data(op, gradInput);
        job.bias = null;
        run(job);
    }

    @Override
    public void conv2dWeightGradient(Tensor input, Tensor gradOutput, Window2d window, Tensor gradWeight,
                                     Tensor gradBias) {
        String op = "conv2dWeightGradient";
        KernelChecks.conv2dWeightGradient(op, input, gradOutput, window, gradWeight, gradBias);
        Job job = prepare(op, Mode.WEIGHT_GRADIENT, input, gradWeight, gradOutput, window);
        job.x = data(op, input);
        job.y = data(op, gradOutput);
        int f = job.filters;
        int k = job.g.k;
        int fPad = ConvPacking.roundUp(f, job.kernel.mr());
        int kPad = ConvPacking.roundUp(k, job.kernel.nr());
        int block = fPad * kPad + f;
        if (job.partials.length < job.runs) {
            job.partials = Arrays.copyOf(job.partials, job.runs);
        }
        for (int r = 0; r < job.runs; r++) {
            if (job.partials[r] == null || job.partials[r].length < block) {
                job.partials[r] = new float[block];
            }
        }
        float[] gw = data(op, gradWeight);
        float[] gb = gradBias == null ? null : data(op, gradBias);
        try {
            backend.pool().run(job.runs, job);
            for (int r = 0; r < job.runs; r++) {
                float[] partial = job.partials[r];
                int biasAt = job.small ? f * k : fPad * kPad;
                if (job.small) {
                    for (int o = 0; o < f; o++) {
                        for (int c = 0; c < k; c++) {
                            gw[o * k + c] += partial[c * f + o];
                        }
                    }
                } else {
                    int[] column = job.g.hwcRow; // the packed path's partial sums: dW, columns channels last
                    for (int o = 0; o < f; o++) {
                        for (int c = 0; c < k; c++) {
                            gw[o * k + column[c]] += partial[o * kPad + c];
                        }
                    }
                }
                if (gb != null) {
                    for (int o = 0; o < f; o++) {
                        gb[o] += partial[biasAt + o];
                    }
                }
            }
        } finally {
            job.clear();
        }
    }

    /** The job for a call whose image side is {@code image} and whose output side is {@code out}. */
    private Job prepare(String op, Mode mode, Tensor image, Tensor weight, Tensor out, Window2d window) {
        Job job = JOBS.get();
        if (job.kernel != null) {
            job = new Job(); // re-entered on this thread (cannot happen today; stay correct if it does)
        }
        Shape xs = image.shape();
        Shape ys = out.shape();
        Gemm gemm = backend.gemmKernel();
        // the products' rows: the filters, except for the input gradient's Wᵀ · dY (the input's K rows)
        int rows = mode == Mode.INPUT_GRADIENT ? xs.dim(1) * window.kernelH() * window.kernelW()
                : weight.shape().dim(0);
        job.kernel = gemm.microKernel().forRows(rows);
        job.kcMax = gemm.blocking().kc();
        job.mode = mode;
        job.batch = xs.dim(0);
        job.runs = Math.max(1, Math.min(job.batch, backend.threads()));
        job.filters = weight.shape().dim(0);
        job.g = job.geometry(xs.dim(1), xs.dim(2), xs.dim(3), window, ys.dim(2), ys.dim(3));
        job.gemm = gemm;
        long perImage = (long) job.filters * job.g.k * job.g.p;
        job.small = gemm.small(perImage);
        job.direct = job.small && mode != Mode.INPUT_GRADIENT && DirectConvolution.handles(job.g);
        if (job.direct) {
            KernelWarmUp.convolutionsOnce(); // once per JVM, before the first direct convolution runs
        }
        gemm.warmUp(perImage * job.batch);
        return job;
    }

    private void run(Job job) {
        try {
            backend.pool().run(job.runs, job);
        } finally {
            job.clear();
        }
    }

    private float[] data(String op, Tensor t) {
        return PureTensor.cast(op, backend, t).data;
    }
}
