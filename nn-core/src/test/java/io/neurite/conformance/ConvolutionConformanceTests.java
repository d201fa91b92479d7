package io.neurite.conformance;

import io.neurite.kernel.Kernels;
import io.neurite.kernel.Window2d;
import io.neurite.tensor.Backend;
import io.neurite.tensor.SeededRandom;
import io.neurite.tensor.Shape;
import io.neurite.tensor.Tensor;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The convolution, pooling and batch-norm kernels ({@link Backend#kernels()}) against the double-precision
 * references of {@link ConvReference}, with odd sizes: 1x1 and 5x5 kernels, stride 2, padding on one side
 * only, dilation, 1 and 17 channels, batch 1 and 3, and the CNN's own 32→64 3x3 layer. Convolutions are
 * held to the gemm bound ({@link Tolerances#gemm}) per element with its own term magnitude.
 */
public abstract class ConvolutionConformanceTests {

    protected abstract Backend backend();

    private Kernels kernels() {
        return backend().kernels();
    }

    /** name, batch, channels, height, width, filters, window, bias. */
    static Stream<Arguments> convolutions() {
        return Stream.of(
                Arguments.of("1x1, one channel, batch 1", 1, 1, 7, 6, 1, Window2d.of(1, 1), true),
                Arguments.of("1x1 stride 2, 17 channels", 3, 17, 7, 9, 4, Window2d.of(1, 2), false),
                Arguments.of("5x5 stride 2, padding on one side", 3, 17, 9, 8, 5,
                        new Window2d(5, 5, 2, 2, 2, 0, 0, 2, 1, 1), true),
                Arguments.of("3x3 same, 17 filters", 3, 3, 11, 10, 17, new Window2d(3, 3, 1, 1, 1, 1, 1, 1, 1, 1), true),
                Arguments.of("3x2 dilation 2, asymmetric padding", 1, 17, 6, 7, 4,
                        new Window2d(3, 2, 1, 1, 0, 2, 1, 0, 2, 2), true),
                Arguments.of("1x1 with padding 1 (stride 1, padding wider than the kernel)", 2, 3, 5, 4, 2,
                        new Window2d(1, 1, 1, 1, 1, 1, 1, 1, 1, 1), true),
                Arguments.of("3x3 with padding 3 on top only (wider than the kernel)", 2, 2, 6, 5, 3,
                        new Window2d(3, 3, 1, 1, 3, 0, 1, 1, 1, 1), false),
                Arguments.of("5x5 valid, 17 channels (input gradient over padding 4)", 3, 17, 9, 11, 6,
                        Window2d.of(5, 1), false),
                Arguments.of("5x5 over a 5x5 image (one output pixel)", 3, 2, 5, 5, 3, Window2d.of(5, 1), true),
                Arguments.of("3x3 stride 2, padding top-left only, no bias", 2, 4, 13, 12, 8,
                        new Window2d(3, 3, 2, 2, 1, 0, 1, 0, 1, 1), false),
                Arguments.of("batch 5 of 28x28 (several im2col chunks per thread)", 5, 2, 28, 28, 3,
                        new Window2d(3, 3, 1, 1, 1, 1, 1, 1, 1, 1), true),
                Arguments.of("the CNN's 32→64 3x3 same on 14x14", 3, 32, 14, 14, 64,
                        new Window2d(3, 3, 1, 1, 1, 1, 1, 1, 1, 1), true),
                // One channel, few taps (a first layer; the pure backend's direct path), at output widths
                // below, between and above the vector widths 4, 8 and 16 (1, 7, 15, 17, 33).
                Arguments.of("the CNN's 1→32 3x3 same on 28x28", 3, 1, 28, 28, 32,
                        new Window2d(3, 3, 1, 1, 1, 1, 1, 1, 1, 1), true),
                Arguments.of("one channel 3x3 same, width 1, batch 3", 3, 1, 5, 1, 3,
                        new Window2d(3, 3, 1, 1, 1, 1, 1, 1, 1, 1), true),
                Arguments.of("one channel 3x3 same, width 7, batch 1", 1, 1, 4, 7, 5,
                        new Window2d(3, 3, 1, 1, 1, 1, 1, 1, 1, 1), true),
                Arguments.of("one channel 1x1, width 17", 3, 1, 3, 17, 4, Window2d.of(1, 1), true),
                Arguments.of("one channel 5x5 valid, width 15, batch 1", 1, 1, 7, 19, 3, Window2d.of(5, 1), true),
                Arguments.of("one channel 5x5 same, width 33", 3, 1, 6, 33, 2,
                        new Window2d(5, 5, 1, 1, 2, 2, 2, 2, 1, 1), false),
                Arguments.of("one channel 3x3, padding left and bottom only, width 17", 3, 1, 5, 17, 6,
                        new Window2d(3, 3, 1, 1, 0, 2, 2, 0, 1, 1), true),
                Arguments.of("one channel 3x3 dilation 2 same, width 15", 2, 1, 9, 15, 3,
                        new Window2d(3, 3, 1, 1, 2, 2, 2, 2, 2, 2), true),
                Arguments.of("one channel 3x3 stride 2 same, width 17", 3, 1, 6, 33, 4,
                        new Window2d(3, 3, 2, 2, 1, 1, 1, 1, 1, 1), true),
                Arguments.of("three channels 3x3 same (27 taps), width 33", 3, 3, 4, 33, 5,
                        new Window2d(3, 3, 1, 1, 1, 1, 1, 1, 1, 1), true),
                Arguments.of("two channels 2x2, padding right and bottom (8 taps), width 33", 3, 2, 4, 33, 3,
                        new Window2d(2, 2, 1, 1, 0, 1, 0, 1, 1, 1), true),
                Arguments.of("five channels 1x1 (5 taps), width 15, batch 1", 1, 5, 3, 15, 4, Window2d.of(1, 1),
                        false));
    }

    private float[] normal(int n, long seed) {
        return new SeededRandom(seed).normal(n, 0f, 1f);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("convolutions")
    void conv2dForward(String name, int n, int c, int h, int w, int f, Window2d win, boolean withBias) {
        float[] x = normal(n * c * h * w, 1);
        float[] wt = normal(f * c * win.kernelH() * win.kernelW(), 2);
        float[] b = withBias ? normal(f, 3) : null;
        Shape outShape = Shape.of(n, f, win.outH(h), win.outW(w));
        Tensor out = backend().full(outShape, Float.NaN); // every element must be overwritten
        kernels().convolution().conv2d(backend().of(x, n, c, h, w),
                backend().of(wt, f, c, win.kernelH(), win.kernelW()), b == null ? null : backend().of(b, f), win, out);
        ConvReference.Result ref = ConvReference.conv2d(x, n, c, h, w, wt, f, b, win);
        int k = c * win.kernelH() * win.kernelW();
        Checks.close("conv2d " + name, outShape, ref.value(), out.toFloatArray(),
                i -> Tolerances.gemm(k, ref.magnitude()[i]));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("convolutions")
    void conv2dInputGradient(String name, int n, int c, int h, int w, int f, Window2d win, boolean withBias) {
        Shape outShape = Shape.of(n, f, win.outH(h), win.outW(w));
        float[] dy = normal(outShape.size(), 4);
        float[] wt = normal(f * c * win.kernelH() * win.kernelW(), 5);
        Tensor dx = backend().full(Shape.of(n, c, h, w), Float.NaN);
        kernels().convolution().conv2dInputGradient(backend().of(dy, outShape),
                backend().of(wt, f, c, win.kernelH(), win.kernelW()), win, dx);
        ConvReference.Result ref = ConvReference.inputGradient(dy, n, c, h, w, wt, f, win);
        int terms = f * win.kernelH() * win.kernelW();
        Checks.close("conv2dInputGradient " + name, dx.shape(), ref.value(), dx.toFloatArray(),
                i -> Tolerances.gemm(terms, ref.magnitude()[i]));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("convolutions")
    void conv2dWeightGradientAccumulates(String name, int n, int c, int h, int w, int f, Window2d win,
                                         boolean withBias) {
        Shape outShape = Shape.of(n, f, win.outH(h), win.outW(w));
        float[] x = normal(n * c * h * w, 6);
        float[] dy = normal(outShape.size(), 7);
        int kk = c * win.kernelH() * win.kernelW();
        float[] startW = normal(f * kk, 8);
        float[] startB = normal(f, 9);
        Tensor gw = backend().of(startW, f, c, win.kernelH(), win.kernelW());
        Tensor gb = backend().of(startB, f);
        kernels().convolution().conv2dWeightGradient(backend().of(x, n, c, h, w), backend().of(dy, outShape), win, gw,
                withBias ? gb : null);
        ConvReference.Result ref = ConvReference.weightGradient(x, dy, n, c, h, w, f, win, startW, startB);
        int terms = n * outShape.dim(2) * outShape.dim(3) + 1;
        double[] refW = java.util.Arrays.copyOf(ref.value(), f * kk);
        Checks.close("conv2dWeightGradient (weight) " + name, gw.shape(), refW, gw.toFloatArray(),
                i -> Tolerances.gemm(terms, ref.magnitude()[i]));
        if (withBias) {
            double[] refB = java.util.Arrays.copyOfRange(ref.value(), f * kk, f * kk + f);
            Checks.close("conv2dWeightGradient (bias) " + name, gb.shape(), refB, gb.toFloatArray(),
                    i -> Tolerances.gemm(terms, ref.magnitude()[f * kk + i]));
        } else {
            Checks.unchanged("conv2dWeightGradient without a bias gradient", gb, startB);
        }
    }

    @Test
    void conv2dRejectsAWeightWithOtherInputChannels() {
        Tensor x = backend().zeros(2, 3, 8, 8);
        Tensor w = backend().zeros(4, 5, 3, 3);
        Checks.rejects(() -> kernels().convolution().conv2d(x, w, null, Window2d.of(3, 1), backend().zeros(2, 4, 6, 6)),
                "conv2d", "[4, 5, 3, 3]", "[2, 3, 8, 8]", "[out channels, 3, 3, 3]");
    }

    @Test
    void conv2dRejectsAWrongOutputShape() {
        Tensor x = backend().zeros(2, 3, 8, 8);
        Tensor w = backend().zeros(4, 3, 3, 3);
        Checks.rejects(() -> kernels().convolution().conv2d(x, w, null, Window2d.of(3, 1), backend().zeros(2, 4, 8, 8)),
                "conv2d", "output is [2, 4, 8, 8]", "[2, 4, 6, 6]");
    }

    @Test
    void conv2dRejectsAKernelLargerThanThePaddedInput() {
        Tensor x = backend().zeros(1, 1, 4, 4);
        Tensor w = backend().zeros(1, 1, 5, 5);
        Checks.rejects(() -> kernels().convolution().conv2d(x, w, null, Window2d.of(5, 1), backend().zeros(1, 1, 1, 1)),
                "conv2d", "5x5", "padded input height 4");
    }

    // ---- pooling ---------------------------------------------------------------------------------------

    /** name, batch, channels, height, width, window. */
    static Stream<Arguments> pools() {
        return Stream.of(
                Arguments.of("2x2 stride 2", 3, 17, 8, 6, Window2d.of(2, 2)),
                Arguments.of("2x2 stride 2 over an odd size (last row dropped)", 1, 1, 7, 5, Window2d.of(2, 2)),
                Arguments.of("2x2 stride 2 over 28x28 (the CNN's first pooling)", 3, 17, 28, 28, Window2d.of(2, 2)),
                Arguments.of("2x2 stride 2 over 14x14, batch 1, one channel", 1, 1, 14, 14, Window2d.of(2, 2)),
                Arguments.of("3x3 stride 1 (overlapping windows)", 3, 2, 6, 7, Window2d.of(3, 1)),
                Arguments.of("3x3 stride 2 padded on one side", 3, 3, 9, 8, new Window2d(3, 3, 2, 2, 1, 0, 0, 1, 1, 1)),
                Arguments.of("5x5 stride 2, pad 2", 1, 17, 7, 7, new Window2d(5, 5, 2, 2, 2, 2, 2, 2, 1, 1)),
                Arguments.of("global 7x7", 3, 5, 7, 7, Window2d.of(7, 1)),
                Arguments.of("2x2 dilation 2", 2, 2, 7, 7, new Window2d(2, 2, 1, 1, 0, 0, 0, 0, 2, 2)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("pools")
    void maxPool(String name, int n, int c, int h, int w, Window2d win) {
        pool(name, n, c, h, w, win, true);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("pools")
    void avgPool(String name, int n, int c, int h, int w, Window2d win) {
        pool(name, n, c, h, w, win, false);
    }

    private void pool(String name, int n, int c, int h, int w, Window2d win, boolean max) {
        float[] x = normal(n * c * h * w, 11);
        Shape outShape = Shape.of(n, c, win.outH(h), win.outW(w));
        Tensor xt = backend().of(x, n, c, h, w);
        Tensor out = backend().full(outShape, Float.NaN);
        if (max) {
            kernels().pooling().maxPool2d(xt, win, out);
        } else {
            kernels().pooling().avgPool2d(xt, win, out);
        }
        String what = (max ? "maxPool2d " : "avgPool2d ") + name;
        int window = win.kernelH() * win.kernelW();
        Checks.close(what, outShape, ConvReference.pool(x, n, c, h, w, win, max), out.toFloatArray(),
                max ? Tolerances.ARITHMETIC : Tolerances.reduction(window, 4.0 * window));

        float[] dy = normal(outShape.size(), 12);
        Tensor dx = backend().full(xt.shape(), Float.NaN);
        if (max) {
            kernels().pooling().maxPool2dBackward(xt, backend().of(dy, outShape), win, dx);
        } else {
            kernels().pooling().avgPool2dBackward(backend().of(dy, outShape), win, dx);
        }
        Checks.close(what + " backward", xt.shape(), ConvReference.poolBackward(x, dy, n, c, h, w, win, max),
                dx.toFloatArray(), Tolerances.reduction(window, 4.0 * window));
    }

    @Test
    void maxPoolBackwardSendsTiesToTheFirstMaximum() {
        // after a ReLU about half the values are 0, and windows tie: all zero, or equal positive values
        int n = 2;
        int c = 3;
        int h = 8;
        int w = 6;
        float[] x = normal(n * c * h * w, 13);
        for (int i = 0; i < x.length; i++) {
            x[i] = i % 7 == 0 ? 1.5f : Math.max(0f, x[i]);
        }
        x[1] = -0f; // a signed zero tied with +0 and with zeros around it
        Window2d win = Window2d.of(2, 2);
        Shape outShape = Shape.of(n, c, h / 2, w / 2);
        float[] dy = normal(outShape.size(), 14);
        Tensor dx = backend().full(Shape.of(n, c, h, w), Float.NaN);
        kernels().pooling().maxPool2dBackward(backend().of(x, n, c, h, w), backend().of(dy, outShape), win, dx);
        Checks.close("maxPool2dBackward with ties", dx.shape(), ConvReference.poolBackward(x, dy, n, c, h, w, win, true),
                dx.toFloatArray(), Tolerances.ARITHMETIC);
    }

    /** name, height, width: planes as wide as the CNN's (where a backend may run vector loops) and narrower. */
    static Stream<Arguments> tiledPoolPlanes() {
        return Stream.of(
                Arguments.of("28x28", 28, 28),
                Arguments.of("14x14", 14, 14),
                Arguments.of("6x18", 6, 18),
                Arguments.of("2x34 (one row of windows)", 2, 34),
                Arguments.of("8x6", 8, 6),
                Arguments.of("4x2 (one window per row)", 4, 2));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("tiledPoolPlanes")
    void maxPool2x2BackwardSendsEachWindowsGradientToItsFirstMaximumOrFirstNaN(String name, int h, int w) {
        int n = 3;
        int c = 2;
        float[] x = normal(n * c * h * w, 15);
        for (int i = 0; i < x.length; i++) {
            // ReLU zeros, equal positive values, signed zeros and NaNs at every position of a window
            x[i] = i % 7 == 0 ? 1.5f : i % 11 == 3 ? -0f : i % 53 == 5 || i % 61 == 0 ? Float.NaN : Math.max(0f, x[i]);
        }
        int oh = h / 2;
        int ow = w / 2;
        float[] dy = normal(n * c * oh * ow, 16);
        float[] expected = new float[x.length];
        for (int p = 0; p < n * c; p++) {
            for (int oy = 0; oy < oh; oy++) {
                for (int ox = 0; ox < ow; ox++) {
                    int top = (p * h + 2 * oy) * w + 2 * ox;
                    int[] at = {top, top + 1, top + w, top + w + 1};
                    int pick = -1;
                    for (int i : at) {
                        if (pick < 0 && Float.isNaN(x[i])) {
                            pick = i;
                        }
                    }
                    float max = Math.max(Math.max(x[at[0]], x[at[1]]), Math.max(x[at[2]], x[at[3]]));
                    for (int i : at) {
                        if (pick < 0 && x[i] == max) {
                            pick = i;
                        }
                    }
                    expected[pick] = dy[(p * oh + oy) * ow + ox];
                }
            }
        }
        Tensor dx = backend().full(Shape.of(n, c, h, w), Float.NaN);
        kernels().pooling().maxPool2dBackward(backend().of(x, n, c, h, w), backend().of(dy, n, c, oh, ow),
                Window2d.of(2, 2), dx);
        org.junit.jupiter.api.Assertions.assertArrayEquals(expected, dx.toFloatArray(),
                "maxPool2dBackward 2x2 over " + name + ": each window's gradient at its first NaN, else its first "
                        + "maximum, zero elsewhere");
    }

    @Test
    void maxPoolBackwardSendsTheGradientToTheFirstNaN() {
        float[] x = {1f, Float.NaN, 3f, Float.NaN, 5f, 6f, 7f, 8f};
        Tensor dx = backend().full(Shape.of(1, 1, 2, 4), Float.NaN);
        kernels().pooling().maxPool2dBackward(backend().of(x, 1, 1, 2, 4), backend().of(new float[] {2f, 3f}, 1, 1, 1, 2),
                Window2d.of(2, 2), dx);
        org.junit.jupiter.api.Assertions.assertArrayEquals(new float[] {0f, 2f, 0f, 3f, 0f, 0f, 0f, 0f},
                dx.toFloatArray(), "the gradient of each window goes to its first NaN");
    }

    @Test
    void maxPoolPropagatesNaN() {
        float[] x = {1f, Float.NaN, 3f, 2f};
        Tensor out = backend().zeros(1, 1, 1, 1);
        kernels().pooling().maxPool2d(backend().of(x, 1, 1, 2, 2), Window2d.of(2, 2), out);
        org.junit.jupiter.api.Assertions.assertTrue(Float.isNaN(out.get(0)), "max of a window with NaN: " + out.get(0));
    }

    @Test
    void poolingRejectsAWrongOutputShape() {
        Checks.rejects(() -> kernels().pooling().maxPool2d(backend().zeros(2, 3, 8, 8), Window2d.of(2, 2),
                backend().zeros(2, 3, 8, 8)), "maxPool2d", "output is [2, 3, 8, 8]", "[2, 3, 4, 4]");
    }

    // ---- batch norm ------------------------------------------------------------------------------------

    static Stream<Arguments> normShapes() {
        return Stream.of(Arguments.of(Shape.of(5, 3)), Arguments.of(Shape.of(2, 17)), Arguments.of(Shape.of(3, 17, 5, 3)),
                Arguments.of(Shape.of(2, 1, 7, 9)), Arguments.of(Shape.of(4, 32, 28, 28)));
    }

    /** Channel c of x, as doubles. */
    private static double[][] byChannel(float[] x, Shape s) {
        int n = s.dim(0);
        int c = s.dim(1);
        int plane = s.rank() == 4 ? s.dim(2) * s.dim(3) : 1;
        double[][] out = new double[c][n * plane];
        for (int b = 0; b < n; b++) {
            for (int ch = 0; ch < c; ch++) {
                for (int i = 0; i < plane; i++) {
                    out[ch][b * plane + i] = x[(b * c + ch) * plane + i];
                }
            }
        }
        return out;
    }

    @ParameterizedTest
    @MethodSource("normShapes")
    void batchNormStatisticsForwardAndBackward(Shape s) {
        int c = s.dim(1);
        int plane = s.rank() == 4 ? s.dim(2) * s.dim(3) : 1;
        float[] x = normal(s.size(), 21);
        for (int i = 0; i < x.length; i++) {
            x[i] = 100f + 3f * x[i]; // an offset mean: one-pass E[x^2] - E[x]^2 in float would lose the variance
        }
        float[] gamma = normal(c, 22);
        float[] beta = normal(c, 23);
        float[] dy = normal(s.size(), 24);
        float eps = 1e-5f;
        double[][] xc = byChannel(x, s);
        double[][] dyc = byChannel(dy, s);
        double[] mean = new double[c];
        double[] var = new double[c];
        for (int ch = 0; ch < c; ch++) {
            for (double v : xc[ch]) {
                mean[ch] += v;
            }
            mean[ch] /= xc[ch].length;
            for (double v : xc[ch]) {
                var[ch] += (v - mean[ch]) * (v - mean[ch]);
            }
            var[ch] /= xc[ch].length;
        }
        Tensor xt = backend().of(x, s);
        Tensor mt = backend().full(Shape.of(c), Float.NaN);
        Tensor vt = backend().full(Shape.of(c), Float.NaN);
        kernels().normalization().channelMeanVariance(xt, mt, vt);
        Checks.close("channelMeanVariance mean", mt.shape(), mean, mt.toFloatArray(), new Tolerance(1e-6, 1e-6));
        Checks.close("channelMeanVariance variance", vt.shape(), var, vt.toFloatArray(), new Tolerance(1e-6, 1e-5));

        Tensor y = backend().full(s, Float.NaN);
        kernels().normalization().batchNorm(xt, mt, vt, eps, backend().of(gamma, c), backend().of(beta, c), y);
        double[] yRef = new double[s.size()];
        double[] dxRef = new double[s.size()];
        double[] dgRef = new double[c];
        double[] dbRef = new double[c];
        int n = s.dim(0);
        for (int ch = 0; ch < c; ch++) {
            double inv = 1 / Math.sqrt(var[ch] + eps);
            int m = xc[ch].length;
            double sdy = 0;
            double sdyx = 0;
            for (int i = 0; i < m; i++) {
                double xhat = (xc[ch][i] - mean[ch]) * inv;
                sdy += dyc[ch][i];
                sdyx += dyc[ch][i] * xhat;
            }
            dgRef[ch] = 0.5 + sdyx; // the gradients start at 0.5 and must be accumulated into
            dbRef[ch] = 0.5 + sdy;
            for (int b = 0; b < n; b++) {
                for (int i = 0; i < plane; i++) {
                    int k = b * plane + i;
                    double xhat = (xc[ch][k] - mean[ch]) * inv;
                    int idx = (b * c + ch) * plane + i;
                    yRef[idx] = gamma[ch] * xhat + beta[ch];
                    dxRef[idx] = gamma[ch] * inv * (dyc[ch][k] - sdy / m - xhat * sdyx / m);
                }
            }
        }
        Checks.close("batchNorm", s, yRef, y.toFloatArray(), new Tolerance(1e-4, 1e-4));

        Tensor dx = backend().full(s, Float.NaN);
        Tensor dg = backend().full(Shape.of(c), 0.5f);
        Tensor db = backend().full(Shape.of(c), 0.5f);
        kernels().normalization().batchNormBackward(xt, backend().of(dy, s), mt, vt, eps, backend().of(gamma, c), dx,
                dg, db);
        Checks.close("batchNormBackward dx", s, dxRef, dx.toFloatArray(), new Tolerance(1e-4, 1e-3));
        double terms = (double) n * plane;
        Checks.close("batchNormBackward dgamma", dg.shape(), dgRef, dg.toFloatArray(),
                new Tolerance(1e-4 * Math.sqrt(terms), 1e-4));
        Checks.close("batchNormBackward dbeta", db.shape(), dbRef, db.toFloatArray(),
                new Tolerance(1e-5 * Math.sqrt(terms), 1e-5));
    }

    @Test
    void batchNormRejectsPerChannelTensorsOfAnotherSize() {
        Checks.rejects(() -> kernels().normalization().channelMeanVariance(backend().zeros(2, 3, 4, 4),
                backend().zeros(4), backend().zeros(3)), "channelMeanVariance", "[4]", "3 channels");
    }
}
