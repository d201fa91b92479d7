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

    public void maxPool(float[] x, float[] y, int fromPlane, int toPlane) {
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
        Arrays.fill(dx, fromPlane * inPlane, toPlane * inPlane, 0f);
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
