package io.neurite.kernel;

import io.neurite.tensor.Shape;
import java.util.Arrays;

/**
 * The pooling kernels of {@link PoolingKernels} as plain loops over a range of {@code [N * C]} image planes of
 * row-major {@code float[]} data, shared by the backends that keep (or copy) their elements on the Java heap.
 * A backend splits the planes over its threads; these loops allocate nothing.
 */
public final class PoolingLoops {
    private final int h;
    private final int w;
    private final int inPlane;
    private final int outH;
    private final int outW;
    private final int outPlane;
    private final Window2d window;
    private final float scale;

    /** For input {@code [N, C, H, W]}, output {@code [N, C, outH, outW]} and {@code window}. */
    public PoolingLoops(Shape input, Shape output, Window2d window) {
        this.h = input.dim(2);
        this.w = input.dim(3);
        this.inPlane = h * w;
        this.outH = output.dim(2);
        this.outW = output.dim(3);
        this.outPlane = outH * outW;
        this.window = window;
        this.scale = 1f / (window.kernelH() * window.kernelW());
    }

    /** Number of planes, {@code N * C}, of {@code input}. */
    public static int planes(Shape input) {
        return input.dim(0) * input.dim(1);
    }

    /** Whether every window lies inside the input: no padding, no dilation (the usual pooling). */
    private boolean interior() {
        Window2d win = window;
        return win.padTop() == 0 && win.padBottom() == 0 && win.padLeft() == 0 && win.padRight() == 0
                && win.dilationH() == 1 && win.dilationW() == 1;
    }

    public void maxPool(float[] x, float[] y, int fromPlane, int toPlane) {
        if (interior()) {
            maxPoolInterior(x, y, null, null, fromPlane, toPlane);
            return;
        }
        for (int plane = fromPlane; plane < toPlane; plane++) {
            int xo = plane * inPlane;
            int yo = plane * outPlane;
            for (int oy = 0; oy < outH; oy++) {
                for (int ox = 0; ox < outW; ox++) {
                    y[yo + oy * outW + ox] = x[xo + argmax(x, xo, oy, ox)];
                }
            }
        }
    }

    public void maxPoolBackward(float[] x, float[] dy, float[] dx, int fromPlane, int toPlane) {
        boolean tiled = window.kernelH() == 2 && window.kernelW() == 2 && window.strideH() == 2
                && window.strideW() == 2 && 2 * outH == h && 2 * outW == w;
        if (!tiled) {
            Arrays.fill(dx, fromPlane * inPlane, toPlane * inPlane, 0f); // else every element is assigned
        }
        if (interior()) {
            maxPoolInterior(x, null, dy, dx, fromPlane, toPlane);
            return;
        }
        for (int plane = fromPlane; plane < toPlane; plane++) {
            int xo = plane * inPlane;
            int yo = plane * outPlane;
            for (int oy = 0; oy < outH; oy++) {
                for (int ox = 0; ox < outW; ox++) {
                    dx[xo + argmax(x, xo, oy, ox)] += dy[yo + oy * outW + ox];
                }
            }
        }
    }

    /**
     * Max pooling when every window lies inside the input, without bounds checks: forward into {@code y}, or
     * (with {@code y == null}) backward, adding {@code dy} to {@code dx} at each window's maximum. The same
     * choice of maximum as {@link #argmax}: the first in row-major order, NaN beating everything. The usual
     * 2x2 stride-2 window has loops of its own.
     */
    private void maxPoolInterior(float[] x, float[] y, float[] dy, float[] dx, int fromPlane, int toPlane) {
        int kh = window.kernelH();
        int kw = window.kernelW();
        int sh = window.strideH();
        int sw = window.strideW();
        if (kh == 2 && kw == 2 && sh == 2 && sw == 2) {
            for (int plane = fromPlane; plane < toPlane; plane++) {
                if (y != null) {
                    maxPool2x2(x, plane * inPlane, y, plane * outPlane);
                } else {
                    maxPool2x2Backward(x, plane * inPlane, dy, plane * outPlane, dx);
                }
            }
            return;
        }
        for (int plane = fromPlane; plane < toPlane; plane++) {
            int xo = plane * inPlane;
            int yo = plane * outPlane;
            for (int oy = 0; oy < outH; oy++) {
                int rowStart = xo + oy * sh * w;
                for (int ox = 0; ox < outW; ox++) {
                    int start = rowStart + ox * sw;
                    int best = start;
                    float max = x[start];
                    for (int i = 0; i < kh; i++) {
                        int r = start + i * w;
                        for (int j = 0; j < kw; j++) {
                            float v = x[r + j];
                            if (v > max || (v != v && max == max)) {
                                best = r + j;
                                max = v;
                            }
                        }
                    }
                    int out = yo + oy * outW + ox;
                    if (y != null) {
                        y[out] = x[best];
                    } else {
                        dx[best] += dy[out];
                    }
                }
            }
        }
    }

    /** One plane, 2x2 windows at stride 2, branch-free (after a ReLU half the values tie at 0). */
    private void maxPool2x2(float[] x, int xo, float[] y, int yo) {
        for (int oy = 0; oy < outH; oy++) {
            int r0 = xo + 2 * oy * w;
            int r1 = r0 + w;
            int o = yo + oy * outW;
            for (int ox = 0; ox < outW; ox++) {
                // Math.max returns NaN if either operand is NaN
                y[o + ox] = Math.max(Math.max(x[r0 + 2 * ox], x[r0 + 2 * ox + 1]),
                        Math.max(x[r1 + 2 * ox], x[r1 + 2 * ox + 1]));
            }
        }
    }

    /**
     * One plane's gradient, 2x2 windows at stride 2: the windows are disjoint, so all four elements of each are
     * assigned, through bit masks rather than branches. The first maximum wins; a NaN maximum is the first NaN.
     */
    private void maxPool2x2Backward(float[] x, int xo, float[] dy, int yo, float[] dx) {
        for (int oy = 0; oy < outH; oy++) {
            int r0 = xo + 2 * oy * w;
            int r1 = r0 + w;
            int o = yo + oy * outW;
            for (int ox = 0; ox < outW; ox++) {
                int i = 2 * ox;
                float a = x[r0 + i];
                float b = x[r0 + i + 1];
                float c = x[r1 + i];
                float d = x[r1 + i + 1];
                float m = Math.max(Math.max(a, b), Math.max(c, d));
                // Integer masks: C2 turns an int select into a conditional move, but a float select into a
                // branch, which mispredicts on ReLU's many ties (measured 10x slower).
                int g = Float.floatToRawIntBits(dy[o + ox]);
                int ea = (a == m) | (a != a) ? -1 : 0;
                int eb = ~ea & ((b == m) | (b != b) ? -1 : 0);
                int ec = ~ea & ~eb & ((c == m) | (c != c) ? -1 : 0);
                int ed = ~ea & ~eb & ~ec;
                dx[r0 + i] = Float.intBitsToFloat(g & ea);
                dx[r0 + i + 1] = Float.intBitsToFloat(g & eb);
                dx[r1 + i] = Float.intBitsToFloat(g & ec);
                dx[r1 + i + 1] = Float.intBitsToFloat(g & ed);
            }
        }
    }

    /**
     * Offset in the plane of the largest element of window {@code (oy, ox)}, the first on ties; NaN counts as
     * the largest, so that a NaN in the input shows in the output. A window wholly on padding (which no layer
     * builds) reads element 0.
     */
    private int argmax(float[] x, int xo, int oy, int ox) {
        Window2d win = window;
        int best = -1;
        float max = Float.NEGATIVE_INFINITY;
        for (int i = 0; i < win.kernelH(); i++) {
            int iy = oy * win.strideH() - win.padTop() + i * win.dilationH();
            if (iy < 0 || iy >= h) {
                continue;
            }
            for (int j = 0; j < win.kernelW(); j++) {
                int ix = ox * win.strideW() - win.padLeft() + j * win.dilationW();
                if (ix < 0 || ix >= w) {
                    continue;
                }
                int at = iy * w + ix;
                float v = x[xo + at];
                if (best < 0 || v > max || (v != v && max == max)) {
                    best = at;
                    max = v;
                }
            }
        }
        return best < 0 ? 0 : best;
    }

    public void avgPool(float[] x, float[] y, int fromPlane, int toPlane) {
        Window2d win = window;
        for (int plane = fromPlane; plane < toPlane; plane++) {
            int xo = plane * inPlane;
            int yo = plane * outPlane;
            for (int oy = 0; oy < outH; oy++) {
                for (int ox = 0; ox < outW; ox++) {
                    float sum = 0f;
                    for (int i = 0; i < win.kernelH(); i++) {
                        int iy = oy * win.strideH() - win.padTop() + i * win.dilationH();
                        if (iy < 0 || iy >= h) {
                            continue;
                        }
                        for (int j = 0; j < win.kernelW(); j++) {
                            int ix = ox * win.strideW() - win.padLeft() + j * win.dilationW();
                            if (ix >= 0 && ix < w) {
                                sum += x[xo + iy * w + ix];
                            }
                        }
                    }
                    y[yo + oy * outW + ox] = sum * scale;
                }
            }
        }
    }

    public void avgPoolBackward(float[] dy, float[] dx, int fromPlane, int toPlane) {
        Window2d win = window;
        Arrays.fill(dx, fromPlane * inPlane, toPlane * inPlane, 0f);
        for (int plane = fromPlane; plane < toPlane; plane++) {
            int xo = plane * inPlane;
            int yo = plane * outPlane;
            for (int oy = 0; oy < outH; oy++) {
                for (int ox = 0; ox < outW; ox++) {
                    float d = dy[yo + oy * outW + ox] * scale;
                    for (int i = 0; i < win.kernelH(); i++) {
                        int iy = oy * win.strideH() - win.padTop() + i * win.dilationH();
                        if (iy < 0 || iy >= h) {
                            continue;
                        }
                        for (int j = 0; j < win.kernelW(); j++) {
                            int ix = ox * win.strideW() - win.padLeft() + j * win.dilationW();
                            if (ix >= 0 && ix < w) {
                                dx[xo + iy * w + ix] += d;
                            }
                        }
                    }
                }
            }
        }
    }
}
