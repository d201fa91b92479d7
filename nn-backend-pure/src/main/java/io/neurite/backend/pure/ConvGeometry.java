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
    /** Whether each output row's pixels are adjacent in the padded image (stride 1 along the width). */
    final boolean unitStrideW;

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
        this.pixOff = new int[p];
        for (int oy = 0, q = 0; oy < outH; oy++) {
            for (int ox = 0; ox < outW; ox++, q++) {
                pixOff[q] = oy * window.strideH() * wp + ox * window.strideW();
            }
        }
        this.unitStrideW = window.strideW() == 1;
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
