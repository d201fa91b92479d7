package io.neurite.conformance;

import io.neurite.kernel.Window2d;

/**
 * Plain double-precision references for the convolution, pooling and batch-norm kernels, written straight
 * from the definitions (one output element at a time, bounds-checked reads) so that they are obviously right.
 * Each result comes with the magnitude of its terms ({@code sum |term|}) for the tolerance.
 */
final class ConvReference {
    private ConvReference() {
    }

    /** A result and the sum of the absolute values of its terms, element by element. */
    record Result(double[] value, double[] magnitude) {
    }

    /** x is [n][c][h][w] flattened; returns x[n, c, y, x] or 0 outside. */
    private static double at(float[] x, int c, int h, int w, int n, int ch, int iy, int ix) {
        if (iy < 0 || iy >= h || ix < 0 || ix >= w) {
            return 0;
        }
        return x[((n * c + ch) * h + iy) * w + ix];
    }

    static Result conv2d(float[] x, int n, int c, int h, int w, float[] weight, int f, float[] bias, Window2d win) {
        int oh = win.outH(h);
        int ow = win.outW(w);
        double[] y = new double[n * f * oh * ow];
        double[] mag = new double[y.length];
        for (int b = 0; b < n; b++) {
            for (int o = 0; o < f; o++) {
                for (int oy = 0; oy < oh; oy++) {
                    for (int ox = 0; ox < ow; ox++) {
                        double s = bias == null ? 0 : bias[o];
                        double m = Math.abs(s);
                        for (int ch = 0; ch < c; ch++) {
                            for (int i = 0; i < win.kernelH(); i++) {
                                for (int j = 0; j < win.kernelW(); j++) {
                                    int iy = oy * win.strideH() - win.padTop() + i * win.dilationH();
                                    int ix = ox * win.strideW() - win.padLeft() + j * win.dilationW();
                                    double t = weight[((o * c + ch) * win.kernelH() + i) * win.kernelW() + j]
                                            * at(x, c, h, w, b, ch, iy, ix);
                                    s += t;
                                    m += Math.abs(t);
                                }
                            }
                        }
                        int idx = ((b * f + o) * oh + oy) * ow + ox;
                        y[idx] = s;
                        mag[idx] = m;
                    }
                }
            }
        }
        return new Result(y, mag);
    }

    /** dL/dx for dL/dy = dy: scatter each output gradient back along the weights that made it. */
    static Result inputGradient(float[] dy, int n, int c, int h, int w, float[] weight, int f, Window2d win) {
        int oh = win.outH(h);
        int ow = win.outW(w);
        double[] dx = new double[n * c * h * w];
        double[] mag = new double[dx.length];
        for (int b = 0; b < n; b++) {
            for (int o = 0; o < f; o++) {
                for (int oy = 0; oy < oh; oy++) {
                    for (int ox = 0; ox < ow; ox++) {
                        double g = dy[((b * f + o) * oh + oy) * ow + ox];
                        for (int ch = 0; ch < c; ch++) {
                            for (int i = 0; i < win.kernelH(); i++) {
                                for (int j = 0; j < win.kernelW(); j++) {
                                    int iy = oy * win.strideH() - win.padTop() + i * win.dilationH();
                                    int ix = ox * win.strideW() - win.padLeft() + j * win.dilationW();
                                    if (iy < 0 || iy >= h || ix < 0 || ix >= w) {
                                        continue;
                                    }
                                    double t = g * weight[((o * c + ch) * win.kernelH() + i) * win.kernelW() + j];
                                    int idx = ((b * c + ch) * h + iy) * w + ix;
                                    dx[idx] += t;
                                    mag[idx] += Math.abs(t);
                                }
                            }
                        }
                    }
                }
            }
        }
        return new Result(dx, mag);
    }

    /** dL/dW (+ the initial gradient {@code start}), and dL/db appended after it. */
    static Result weightGradient(float[] x, float[] dy, int n, int c, int h, int w, int f, Window2d win,
                                 float[] startW, float[] startB) {
        int oh = win.outH(h);
        int ow = win.outW(w);
        int kk = c * win.kernelH() * win.kernelW();
        double[] g = new double[f * kk + f];
        double[] mag = new double[g.length];
        for (int i = 0; i < f * kk; i++) {
            g[i] = startW[i];
            mag[i] = Math.abs(startW[i]);
        }
        for (int o = 0; o < f; o++) {
            g[f * kk + o] = startB[o];
            mag[f * kk + o] = Math.abs(startB[o]);
        }
        for (int b = 0; b < n; b++) {
            for (int o = 0; o < f; o++) {
                for (int oy = 0; oy < oh; oy++) {
                    for (int ox = 0; ox < ow; ox++) {
                        double d = dy[((b * f + o) * oh + oy) * ow + ox];
                        g[f * kk + o] += d;
                        mag[f * kk + o] += Math.abs(d);
                        for (int ch = 0; ch < c; ch++) {
                            for (int i = 0; i < win.kernelH(); i++) {
                                for (int j = 0; j < win.kernelW(); j++) {
                                    int iy = oy * win.strideH() - win.padTop() + i * win.dilationH();
                                    int ix = ox * win.strideW() - win.padLeft() + j * win.dilationW();
                                    double t = d * at(x, c, h, w, b, ch, iy, ix);
                                    int idx = ((o * c + ch) * win.kernelH() + i) * win.kernelW() + j;
                                    g[idx] += t;
                                    mag[idx] += Math.abs(t);
                                }
                            }
                        }
                    }
                }
            }
        }
        return new Result(g, mag);
    }

    /** Max pooling (padding ignored) or average pooling (divided by the whole window). */
    static double[] pool(float[] x, int n, int c, int h, int w, Window2d win, boolean max) {
        int oh = win.outH(h);
        int ow = win.outW(w);
        double[] y = new double[n * c * oh * ow];
        for (int p = 0; p < n * c; p++) {
            for (int oy = 0; oy < oh; oy++) {
                for (int ox = 0; ox < ow; ox++) {
                    double best = Double.NEGATIVE_INFINITY;
                    double sum = 0;
                    for (int i = 0; i < win.kernelH(); i++) {
                        for (int j = 0; j < win.kernelW(); j++) {
                            int iy = oy * win.strideH() - win.padTop() + i * win.dilationH();
                            int ix = ox * win.strideW() - win.padLeft() + j * win.dilationW();
                            if (iy >= 0 && iy < h && ix >= 0 && ix < w) {
                                double v = x[(p * h + iy) * w + ix];
                                best = Math.max(best, v);
                                sum += v;
                            }
                        }
                    }
                    y[(p * oh + oy) * ow + ox] = max ? best : sum / (win.kernelH() * win.kernelW());
                }
            }
        }
        return y;
    }

    /** The gradient of {@link #pool} at x (max: to the window's maximum; inputs must have no ties). */
    static double[] poolBackward(float[] x, float[] dy, int n, int c, int h, int w, Window2d win, boolean max) {
        int oh = win.outH(h);
        int ow = win.outW(w);
        double[] dx = new double[n * c * h * w];
        for (int p = 0; p < n * c; p++) {
            for (int oy = 0; oy < oh; oy++) {
                for (int ox = 0; ox < ow; ox++) {
                    double g = dy[(p * oh + oy) * ow + ox];
                    int arg = -1;
                    double best = Double.NEGATIVE_INFINITY;
                    for (int i = 0; i < win.kernelH(); i++) {
                        for (int j = 0; j < win.kernelW(); j++) {
                            int iy = oy * win.strideH() - win.padTop() + i * win.dilationH();
                            int ix = ox * win.strideW() - win.padLeft() + j * win.dilationW();
                            if (iy >= 0 && iy < h && ix >= 0 && ix < w) {
                                int idx = (p * h + iy) * w + ix;
                                if (max) {
                                    if (x[idx] > best) {
                                        best = x[idx];
                                        arg = idx;
                                    }
                                } else {
                                    dx[idx] += g / (win.kernelH() * win.kernelW());
                                }
                            }
                        }
                    }
                    if (max) {
                        dx[arg] += g;
                    }
                }
            }
        }
        return dx;
    }
}
