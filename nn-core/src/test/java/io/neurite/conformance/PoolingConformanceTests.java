package io.neurite.conformance;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import io.neurite.kernel.PoolingKernels;
import io.neurite.kernel.Window2d;
import io.neurite.tensor.Backend;
import io.neurite.tensor.SeededRandom;
import io.neurite.tensor.Shape;
import io.neurite.tensor.Tensor;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Max pooling ({@link PoolingKernels}) over planes of many widths, narrower and wider than any vector (1, 2, 7,
 * 14, 15, 17, 33, ...), where a backend's vector loops meet their edges: rows of fewer windows than a vector has
 * lanes, the last windows of a row, the last row of a plane and the last plane of a tensor (or of a thread's
 * share of it). The data hold what a ReLU leaves (many zeros, so windows tie), equal positive values, signed
 * zeros and NaNs. Windows do not overlap, so every result is exact: the reference is plain float code and the
 * comparison is bit for bit (zeros of either sign alike): forward, each window's maximum or NaN; backward, each window's gradient at its first NaN, else at its
 * first maximum in row-major order, zero elsewhere. (The general pooling cases are in
 * {@link ConvolutionConformanceTests}.)
 */
public abstract class PoolingConformanceTests {

    protected abstract Backend backend();

    private PoolingKernels pooling() {
        return backend().kernels().pooling();
    }

    /** name, batch, channels, height, width, window. */
    static Stream<Arguments> planes() {
        Window2d two = Window2d.of(2, 2);
        return Stream.of(
                Arguments.of("width 1 (2x1 windows), 17 channels", 3, 17, 6, 1, new Window2d(2, 1, 2, 1, 0, 0, 0, 0,
                        1, 1)),
                Arguments.of("width 2, one window per row", 3, 17, 4, 2, two),
                Arguments.of("width 6", 3, 2, 6, 6, two),
                Arguments.of("width 7 (last column dropped)", 3, 17, 7, 7, two),
                Arguments.of("width 8", 1, 17, 8, 8, two),
                Arguments.of("14x14, batch 1, one channel", 1, 1, 14, 14, two),
                Arguments.of("14x14, 17 channels (the CNN's second pooling)", 3, 17, 14, 14, two),
                Arguments.of("width 15", 3, 1, 10, 15, two),
                Arguments.of("width 16", 3, 3, 4, 16, two),
                Arguments.of("width 17", 1, 17, 9, 17, two),
                Arguments.of("width 18", 3, 2, 6, 18, two),
                Arguments.of("28x28 (the CNN's first pooling)", 3, 17, 28, 28, two),
                Arguments.of("width 30", 2, 3, 2, 30, two),
                Arguments.of("width 32", 2, 3, 4, 32, two),
                Arguments.of("width 33", 3, 1, 5, 33, two),
                Arguments.of("width 34, one row of windows", 3, 2, 2, 34, two),
                Arguments.of("width 66", 1, 3, 6, 66, two));
    }

    /** ReLU zeros, equal positive values, signed zeros and NaNs at every position of a window. */
    static float[] tiesAndNaNs(int size, long seed) {
        float[] x = new SeededRandom(seed).normal(size, 0f, 1f);
        for (int i = 0; i < x.length; i++) {
            x[i] = i % 7 == 0 ? 1.5f : i % 11 == 3 ? -0f : i % 53 == 5 || i % 61 == 0 ? Float.NaN : Math.max(0f, x[i]);
        }
        return x;
    }

    /** Plane offsets of the input elements of window (oy, ox) that lie inside the plane, in row-major order. */
    private static int[] window(Window2d win, int h, int w, int oy, int ox) {
        int[] at = new int[win.kernelH() * win.kernelW()];
        int n = 0;
        for (int i = 0; i < win.kernelH(); i++) {
            int iy = oy * win.strideH() - win.padTop() + i * win.dilationH();
            for (int j = 0; j < win.kernelW(); j++) {
                int ix = ox * win.strideW() - win.padLeft() + j * win.dilationW();
                if (iy >= 0 && iy < h && ix >= 0 && ix < w) {
                    at[n++] = iy * w + ix;
                }
            }
        }
        return java.util.Arrays.copyOf(at, n);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("planes")
    void maxPoolForwardAndBackwardMatchThePlainDefinition(String name, int n, int c, int h, int w, Window2d win) {
        int oh = win.outH(h);
        int ow = win.outW(w);
        float[] x = tiesAndNaNs(n * c * h * w, 31);
        float[] dy = new SeededRandom(32).normal(n * c * oh * ow, 0f, 1f);
        float[] y = new float[n * c * oh * ow];
        float[] dx = new float[x.length];
        for (int p = 0; p < n * c; p++) {
            for (int oy = 0; oy < oh; oy++) {
                for (int ox = 0; ox < ow; ox++) {
                    int[] at = window(win, h, w, oy, ox);
                    int pick = -1;
                    for (int i : at) {
                        if (pick < 0 && Float.isNaN(x[p * h * w + i])) {
                            pick = i;
                        }
                    }
                    for (int i : at) {
                        if (pick < 0 || (!Float.isNaN(x[p * h * w + pick]) && x[p * h * w + i] > x[p * h * w + pick])) {
                            pick = i;
                        }
                    }
                    int out = (p * oh + oy) * ow + ox;
                    y[out] = x[p * h * w + pick];
                    dx[p * h * w + pick] += dy[out];
                }
            }
        }
        Shape in = Shape.of(n, c, h, w);
        Shape out = Shape.of(n, c, oh, ow);
        Tensor yt = backend().full(out, -7f);
        pooling().maxPool2d(backend().of(x, in), win, yt);
        assertArrayEquals(zeroSignless(y), zeroSignless(yt.toFloatArray()), "maxPool2d over " + name + ": each window's maximum,"
                + " NaN if it holds one");
        Tensor dxt = backend().full(in, Float.NaN);
        pooling().maxPool2dBackward(backend().of(x, in), backend().of(dy, out), win, dxt);
        assertArrayEquals(dx, dxt.toFloatArray(), "maxPool2dBackward over " + name + ": each window's gradient at its"
                + " first NaN, else at its first maximum, zero elsewhere");
    }

    /** Of tied zeros the reference keeps the first, Math.max the positive one: compare zeros as +0. */
    private static float[] zeroSignless(float[] a) {
        float[] b = a.clone();
        for (int i = 0; i < b.length; i++) {
            if (b[i] == 0f) {
                b[i] = 0f;
            }
        }
        return b;
    }
}
