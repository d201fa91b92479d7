package io.neurite.backend.pure;

import io.neurite.kernel.Window2d;

/**
 * One convolution's index arithmetic over a zero-padded copy of an image ({@code [C, hp, wp]} with
 * {@code hp = h + padTop + padBottom}, {@code wp} likewise): element {@code (k, q)} of the image's im2col matrix
 * ({@code k = (c * kh + i) * kw + j}, {@code q = oy * outW + ox}) is {@code padded[rowOff[k] + pixOff[q]]}.
 * In the padded copy every window lies inside, so the packing loops ({@link ConvPacking}) need no bounds tests.
 * Immutable; built once per layer shape and kept by the kernels' job object ({@link #matches}).
 */
final class ConvGeometry {
    final int channels;
    final int h;
    final int w;
    final Window2d window;
    final int outH;
    final int outW;
    /** Padded image height and width, and the size of one padded image. */
    final int hp;
    final int wp;
    final int paddedSize;
    /** {@code K = C * kh * kw} rows and {@code P = outH * outW} columns of the im2col matrix. */
    final int k;
    final int p;
    final int[] rowOff;
    final int[] pixOff;
    /**
     * The same matrix over a channels-last padded copy ({@link #padChannelsLast}, element {@code (c, y, x)} at
     * {@code (y * wp + x) * C + c}), with its rows in the order {@code (i, j, c)}: row {@code r} of that order
     * is row {@code hwcRow[r]} of the usual one and reads {@code hwc[pixOff[q] * C + hwcOff[r]]}, so that the
     * channels of one kernel offset are adjacent.
     */
    final int[] hwcOff;
    final int[] hwcRow;
    /** Where output pixel {@code q}'s window starts in the channels-last padded copy: {@code pixOff[q] * C}. */
    final int[] hwcPixel;
    /**
     * Whether the products run in the "wide" column space of a stride-1 window: column {@code t} reads
     * {@code padded[rowOff[k] + t]}, so that column {@code oy * wp + ox} is output pixel {@code (oy, ox)} and the
     * {@code wp - outW} columns after each output row are junk (computed and dropped; zero in the output
     * gradient). One row of the im2col matrix is then one contiguous run of the padded image, which makes packing
     * and col2im plain copies and adds, at the price of {@code (wp - outW) / wp} more columns (2 of 16 for a
     * 3x3 same window on 14x14). Otherwise column {@code t} is pixel {@code t}, read at {@code pixOff[t]}.
     */
    final boolean wide;
    /** Columns of the products: {@code (outH - 1) * wp + outW} when {@link #wide}, else {@code P}. */
    final int m;

    ConvGeometry(int channels, int h, int w, Window2d window, int outH, int outW) {
        this.channels = channels;
        this.h = h;
        this.w = w;
        this.window = window;
        this.outH = outH;
        this.outW = outW;
        this.hp = h + window.padTop() + window.padBottom();
        this.wp = w + window.padLeft() + window.padRight();
        this.paddedSize = channels * hp * wp;
        int kh = window.kernelH();
        int kw = window.kernelW();
        this.k = channels * kh * kw;
        this.p = outH * outW;
        this.rowOff = new int[k];
        for (int c = 0, row = 0; c < channels; c++) {
            for (int i = 0; i < kh; i++) {
                for (int j = 0; j < kw; j++, row++) {
                    rowOff[row] = (c * hp + i * window.dilationH()) * wp + j * window.dilationW();
                }
            }
        }
        this.hwcOff = new int[k];
        this.hwcRow = new int[k];
        for (int i = 0, r = 0; i < kh; i++) {
            for (int j = 0; j < kw; j++) {
                for (int c = 0; c < channels; c++, r++) {
                    hwcOff[r] = (i * window.dilationH() * wp + j * window.dilationW()) * channels + c;
                    hwcRow[r] = (c * kh + i) * kw + j;
                }
            }
        }
        this.pixOff = new int[p];
        for (int oy = 0, q = 0; oy < outH; oy++) {
            for (int ox = 0; ox < outW; ox++, q++) {
                pixOff[q] = oy * window.strideH() * wp + ox * window.strideW();
            }
        }
        this.hwcPixel = new int[p];
        for (int q = 0; q < p; q++) {
            hwcPixel[q] = pixOff[q] * channels;
        }
        this.wide = window.strideH() == 1 && window.strideW() == 1;
        this.m = wide ? (outH - 1) * wp + outW : p;
    }

    /** The last {@link #transposed} geometry made, for the filter count it was made for. */
    private ConvGeometry transposed;

    /**
     * The geometry of this window's input gradient computed as a forward convolution, or null where that does
     * not apply. For stride 1, {@code dX} is the convolution of the output gradient ({@code filters} channels of
     * {@code outH x outW}) with the weight flipped in both spatial axes and its two channel axes swapped, over
     * padding {@code dilation * (kernel - 1) - pad} on each side, which gives back {@code h x w}. That needs
     * every pad to be at most {@code dilation * (kernel - 1)} (a wider pad would be a negative one here).
     * As a forward product its k-dimension is {@code filters * kh * kw} (576 for the CNN's 32→64 layer) and its
     * result lands in image order: against {@code Wᵀ · dY} (k-dimension 64) and a col2im it spends far less of
     * the micro-kernel's time loading and storing its C tile, and adds nothing back.
     */
    ConvGeometry transposed(int filters) {
        int eh = window.dilationH() * (window.kernelH() - 1);
        int ew = window.dilationW() * (window.kernelW() - 1);
        if (window.strideH() != 1 || window.strideW() != 1 || window.padTop() > eh || window.padBottom() > eh
                || window.padLeft() > ew || window.padRight() > ew) {
            return null;
        }
        if (transposed == null || transposed.channels != filters) {
            Window2d flipped = new Window2d(window.kernelH(), window.kernelW(), 1, 1, eh - window.padTop(),
                    eh - window.padBottom(), ew - window.padLeft(), ew - window.padRight(), window.dilationH(),
                    window.dilationW());
            transposed = new ConvGeometry(filters, outH, outW, flipped, h, w);
        }
        return transposed;
    }

    /** The column of output pixel {@code (oy, ox)} in the products (see {@link #wide}). */
    int column(int oy, int ox) {
        return wide ? oy * wp + ox : oy * outW + ox;
    }

    /**
     * The output gradient of one image ({@code dy[yOff ..]}, {@code [F, P]}) in the products' columns:
     * {@code f x m} in {@code out[0 ..]}, the junk columns zero. Returns {@code out}.
     */
    float[] gradColumns(float[] dy, int yOff, int filters, float[] out) {
        if (!wide) {
            System.arraycopy(dy, yOff, out, 0, filters * p);
            return out;
        }
        for (int f = 0; f < filters; f++) {
            int src = yOff + f * p;
            int dst = f * m;
            for (int oy = 0; oy < outH; oy++) {
                int d = dst + oy * wp;
                System.arraycopy(dy, src + oy * outW, out, d, outW);
                if (oy < outH - 1) {
                    for (int j = outW; j < wp; j++) {
                        out[d + j] = 0f;
                    }
                }
            }
        }
        return out;
    }

    boolean matches(int channels, int h, int w, Window2d window) {
        return this.channels == channels && this.h == h && this.w == w && this.window.equals(window);
    }

    /** Copies image {@code x[xOff ..]} ({@code [C, h, w]}) into {@code padded[0, paddedSize)}, zeros around it. */
    void pad(float[] x, int xOff, float[] padded) {
        int top = window.padTop();
        int left = window.padLeft();
        if (hp == h && wp == w) {
            System.arraycopy(x, xOff, padded, 0, paddedSize);
            return;
        }
        java.util.Arrays.fill(padded, 0, paddedSize, 0f);
        for (int c = 0; c < channels; c++) {
            for (int y = 0; y < h; y++) {
                System.arraycopy(x, xOff + (c * h + y) * w, padded, (c * hp + y + top) * wp + left, w);
            }
        }
    }

    /** As {@link #pad}, channels last: element {@code (c, y, x)} of the padded image at {@code (y * wp + x) * C + c}. */
    void padChannelsLast(float[] x, int xOff, float[] padded) {
        if (channels == 1) {
            pad(x, xOff, padded);
            return;
        }
        int top = window.padTop();
        int left = window.padLeft();
        java.util.Arrays.fill(padded, 0, paddedSize, 0f);
        int plane = h * w;
        for (int y = 0; y < h; y++) {
            for (int xx = 0; xx < w; xx++) {
                int src = xOff + y * w + xx;
                int dst = ((y + top) * wp + xx + left) * channels;
                for (int c = 0; c < channels; c++) {
                    padded[dst + c] = x[src + c * plane];
                }
            }
        }
    }

    /** Copies the image inside {@code padded} (the reverse of {@link #pad}) to {@code x[xOff ..]}. */
    void unpad(float[] padded, float[] x, int xOff) {
        if (hp == h && wp == w) {
            System.arraycopy(padded, 0, x, xOff, paddedSize);
            return;
        }
        int top = window.padTop();
        int left = window.padLeft();
        for (int c = 0; c < channels; c++) {
            for (int y = 0; y < h; y++) {
                System.arraycopy(padded, (c * hp + y + top) * wp + left, x, xOff + (c * h + y) * w, w);
            }
        }
    }
}
