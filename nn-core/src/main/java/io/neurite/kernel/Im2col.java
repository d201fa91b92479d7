package io.neurite.kernel;

import java.util.Arrays;

/**
 * The unrolling of one image for convolution as a matrix product (Chellapilla et al. 2006): {@code col} is
 * {@code [C * kh * kw, outH * outW]}, row {@code (c * kh + i) * kw + j} holding input channel {@code c} at
 * kernel offset {@code (i, j)} for every output pixel, zero where the window lies on padding. {@link #col2im}
 * is its adjoint: it adds such a matrix back onto the image, which is how the input gradient is formed.
 *
 * <p>Rows are written a run of valid columns at a time, so that stride 1 is a plain array copy. Shared by the
 * backends that run convolution as im2col plus sgemm; it allocates nothing.
 */
public final class Im2col {
    private Im2col() {
    }

    /** Unrolls image {@code x[xOff ..]} of {@code [channels, h, w]} into {@code col[0 .. rows * outH * outW)}. */
    public static void im2col(float[] x, int xOff, int channels, int h, int w, Window2d win, int outH, int outW,
                              float[] col) {
        im2col(x, xOff, channels, h, w, win, outH, outW, col, 0, outH * outW);
    }

    /**
     * As above into columns {@code [colOff, colOff + outH * outW)} of a matrix with {@code ld} columns, so that
     * several images can sit side by side in one matrix (image {@code g} at {@code colOff = g * outH * outW}).
     */
    public static void im2col(float[] x, int xOff, int channels, int h, int w, Window2d win, int outH, int outW,
                              float[] col, int colOff, int ld) {
        int row = 0;
        for (int c = 0; c < channels; c++) {
            for (int i = 0; i < win.kernelH(); i++) {
                for (int j = 0; j < win.kernelW(); j++, row++) {
                    int dx = j * win.dilationW() - win.padLeft();
                    int ox0 = firstInside(dx, win.strideW());
                    int ox1 = Math.min(outW, lastInside(dx, win.strideW(), w) + 1);
                    int base = row * ld + colOff;
                    for (int oy = 0; oy < outH; oy++) {
                        int iy = oy * win.strideH() - win.padTop() + i * win.dilationH();
                        int dst = base + oy * outW;
                        if (iy < 0 || iy >= h || ox0 >= ox1) {
                            zero(col, dst, dst + outW);
                            continue;
                        }
                        int src = xOff + (c * h + iy) * w + dx;
                        zero(col, dst, dst + ox0);
                        if (win.strideW() == 1) {
                            System.arraycopy(x, src + ox0, col, dst + ox0, ox1 - ox0);
                        } else {
                            int sw = win.strideW();
                            for (int ox = ox0; ox < ox1; ox++) {
                                col[dst + ox] = x[src + ox * sw];
                            }
                        }
                        zero(col, dst + ox1, dst + outW);
                    }
                }
            }
        }
    }

    /** Adds {@code col} (as written by {@link #im2col}) onto image {@code x[xOff ..]}, which is not cleared first. */
    public static void col2im(float[] col, int channels, int h, int w, Window2d win, int outH, int outW, float[] x,
                              int xOff) {
        col2im(col, 0, outH * outW, channels, h, w, win, outH, outW, x, xOff);
    }

    /** As above from columns {@code [colOff, colOff + outH * outW)} of a matrix with {@code ld} columns. */
    public static void col2im(float[] col, int colOff, int ld, int channels, int h, int w, Window2d win, int outH,
                              int outW, float[] x, int xOff) {
        int row = 0;
        for (int c = 0; c < channels; c++) {
            for (int i = 0; i < win.kernelH(); i++) {
                for (int j = 0; j < win.kernelW(); j++, row++) {
                    int dx = j * win.dilationW() - win.padLeft();
                    int ox0 = firstInside(dx, win.strideW());
                    int ox1 = Math.min(outW, lastInside(dx, win.strideW(), w) + 1);
                    int base = row * ld + colOff;
                    int sw = win.strideW();
                    for (int oy = 0; oy < outH; oy++) {
                        int iy = oy * win.strideH() - win.padTop() + i * win.dilationH();
                        if (iy < 0 || iy >= h) {
                            continue;
                        }
                        int dst = xOff + (c * h + iy) * w + dx;
                        int src = base + oy * outW;
                        for (int ox = ox0; ox < ox1; ox++) {
                            x[dst + ox * sw] += col[src + ox];
                        }
                    }
                }
            }
        }
    }

    /**
     * Zeroes {@code a[from, to)}: a plain loop for the one or two padding columns at a row's ends, where
     * {@code Arrays.fill}'s call and checks cost more than the stores (it was 6 % of the CNN's training step).
     */
    private static void zero(float[] a, int from, int to) {
        if (to - from > 16) {
            Arrays.fill(a, from, to, 0f);
            return;
        }
        for (int i = from; i < to; i++) {
            a[i] = 0f;
        }
    }

    /** Smallest {@code ox >= 0} with {@code ox * stride + dx >= 0}. */
    private static int firstInside(int dx, int stride) {
        return dx >= 0 ? 0 : (-dx + stride - 1) / stride;
    }

    /** Largest {@code ox} with {@code ox * stride + dx <= w - 1} (negative when there is none). */
    private static int lastInside(int dx, int stride, int w) {
        int limit = w - 1 - dx;
        return limit < 0 ? -1 : limit / stride;
    }
}
