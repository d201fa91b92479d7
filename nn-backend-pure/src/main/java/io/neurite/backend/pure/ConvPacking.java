package io.neurite.backend.pure;

/**
 * Packs the operands of the convolution products ({@link PureConvolutionKernels}) straight into the layouts
 * the {@link MicroKernel} streams through (those of {@link GemmPacking}: an A sliver holds {@code mr} rows per
 * k-index side by side, a B sliver {@code nr} columns per k-index), from the images, the weight and the output
 * gradient as they are: the im2col matrix is never written out, and no operand is copied twice. Rows and
 * columns past the end of a matrix are packed as zeros, so that every micro-kernel call is a full tile into a
 * padded result buffer.
 *
 * <p>Image operands are read from a zero-padded copy through a {@link ConvGeometry}'s offsets. A product's
 * k-dimension is cut into {@link #blocks} of at most the gemm's {@code kc}; a packed operand that covers all of
 * k holds its blocks one after the other, block {@code [k0, k0 + kb)} from {@code k0 * padded width}.
 */
final class ConvPacking {
    private ConvPacking() {
    }

    /** The number of blocks of at most {@code kcMax} that {@code total} is cut into, all of nearly one size. */
    static int blocks(int total, int kcMax) {
        return Math.max(1, (total + kcMax - 1) / kcMax);
    }

    /** Start of block {@code b} of {@code blocks} over {@code total}. */
    static int blockStart(int total, int blocks, int b) {
        return (int) ((long) total * b / blocks);
    }

    static int roundUp(int a, int b) {
        return (a + b - 1) / b * b;
    }

    /**
     * Forward, A side: weight {@code w} ({@code [F, K]}), all of K in {@code blocks} blocks, as A slivers of
     * {@code mr} filters.
     */
    static void weightAsA(float[] w, int f, int k, int blocks, int mr, float[] ap) {
        int fPad = roundUp(f, mr);
        for (int b = 0; b < blocks; b++) {
            int k0 = blockStart(k, blocks, b);
            int kc = blockStart(k, blocks, b + 1) - k0;
            for (int s = 0; s * mr < f; s++) {
                int base = k0 * fPad + s * kc * mr;
                for (int r = 0; r < mr; r++) {
                    int filter = s * mr + r;
                    if (filter >= f) {
                        for (int pp = 0; pp < kc; pp++) {
                            ap[base + pp * mr + r] = 0f;
                        }
                        continue;
                    }
                    int src = filter * k + k0;
                    for (int pp = 0; pp < kc; pp++) {
                        ap[base + pp * mr + r] = w[src + pp];
                    }
                }
            }
        }
    }

    /**
     * Input gradient as a forward convolution ({@link ConvGeometry#transposed}), A side: the weight {@code w}
     * ({@code [F, C, kh, kw]}, {@code khw = kh * kw}) flipped in both spatial axes with its channel axes swapped,
     * {@code w'[c, o, i, j] = w[o, c, kh - 1 - i, kw - 1 - j]}, packed as {@link #weightAsA} packs a weight of
     * {@code C} filters and {@code K = F * khw}. Flipping both axes reverses the {@code i * kw + j} index.
     */
    static void flippedWeightAsA(float[] w, int f, int channels, int khw, int blocks, int mr, float[] ap) {
        int kT = f * khw;
        int k = channels * khw;
        int cPad = roundUp(channels, mr);
        for (int b = 0; b < blocks; b++) {
            int k0 = blockStart(kT, blocks, b);
            int kc = blockStart(kT, blocks, b + 1) - k0;
            for (int s = 0; s * mr < channels; s++) {
                int base = k0 * cPad + s * kc * mr;
                for (int r = 0; r < mr; r++) {
                    int channel = s * mr + r;
                    for (int pp = 0; pp < kc; pp++) {
                        float v = 0f;
                        if (channel < channels) {
                            int o = (k0 + pp) / khw;
                            int tap = k0 + pp - o * khw;
                            v = w[o * k + channel * khw + khw - 1 - tap];
                        }
                        ap[base + pp * mr + r] = v;
                    }
                }
            }
        }
    }

    /**
     * Forward, B side: rows {@code [k0, k0 + kc)} and all {@code m} columns of one padded image's im2col matrix
     * (in the columns of {@link ConvGeometry#wide}), as B slivers of {@code nr} columns.
     */
    static void columnsAsB(float[] padded, ConvGeometry g, int k0, int kc, int nr, float[] bp) {
        int[] rowOff = g.rowOff;
        int[] pixOff = g.pixOff;
        int m = g.m;
        for (int s = 0; s * nr < m; s++) {
            int t0 = s * nr;
            int valid = Math.min(nr, m - t0);
            int base = s * kc * nr;
            for (int kk = 0; kk < kc; kk++) {
                int dst = base + kk * nr;
                int ro = rowOff[k0 + kk];
                if (g.wide) {
                    System.arraycopy(padded, ro + t0, bp, dst, valid);
                } else {
                    for (int c = 0; c < valid; c++) {
                        bp[dst + c] = padded[ro + pixOff[t0 + c]];
                    }
                }
                for (int c = valid; c < nr; c++) {
                    bp[dst + c] = 0f;
                }
            }
        }
    }

    /**
     * Weight gradient, B side: the im2col matrix's transpose, rows (output pixels) {@code [q0, q0 + kc)} and
     * its columns {@code [r0, r0 + nr)} in the channels-last order of {@link ConvGeometry#hwcRow}, from the
     * image's channels-last padded copy {@code hwc}, as one B sliver. Only for slivers that are not one run of
     * channels ({@link #channelRun}); the others are read in place.
     */
    static void hwcColumnsAsB(float[] hwc, ConvGeometry g, int q0, int kc, int r0, int nr, float[] bp) {
        int[] hwcOff = g.hwcOff;
        int[] hwcPixel = g.hwcPixel;
        int valid = Math.min(nr, g.k - r0);
        for (int pp = 0; pp < kc; pp++) {
            int o = hwcPixel[q0 + pp];
            int dst = pp * nr;
            for (int c = 0; c < valid; c++) {
                bp[dst + c] = hwc[o + hwcOff[r0 + c]];
            }
            for (int c = valid; c < nr; c++) {
                bp[dst + c] = 0f;
            }
        }
    }

    /**
     * Whether columns {@code [r0, r0 + nr)} of the weight gradient's B side (channels-last order) are
     * {@code nr} adjacent channels at one kernel offset, so that each of its rows is a run of the channels-last
     * image, {@code hwc[hwcPixel[q] + hwcOff[r0] ..]}. True for every sliver when the channels are a multiple
     * of {@code nr} (the CNN's 32→64 layer at 512 and 256 bits).
     */
    static boolean channelRun(ConvGeometry g, int r0, int nr) {
        return r0 + nr <= g.k && g.hwcOff[r0 + nr - 1] - g.hwcOff[r0] == nr - 1;
    }

    /**
     * The filters {@code [f0, f)} of one image's output gradient ({@code dy[yOff ..]}, {@code [F, P]}), pixels
     * {@code [q0, q0 + kc)}, as {@code mr} rows of {@code kc} in {@code a}, the rows past {@code f} zero: the
     * last, partial row sliver of the weight gradient's A side, which cannot be read in place.
     */
    static void gradTail(float[] dy, int yOff, int p, int f0, int f, int q0, int kc, int mr, float[] a) {
        for (int r = 0; r < mr; r++) {
            if (f0 + r < f) {
                System.arraycopy(dy, yOff + (f0 + r) * p + q0, a, r * kc, kc);
            } else {
                java.util.Arrays.fill(a, r * kc, (r + 1) * kc, 0f);
            }
        }
    }

    /**
     * Input gradient, A side: {@code Wᵀ} ({@code K x F}) of weight {@code w} ({@code [F, K]}), all of F in
     * {@code blocks} blocks, as A slivers of {@code mr} rows of K.
     */
    static void weightTransposedAsA(float[] w, int f, int k, int blocks, int mr, float[] ap) {
        int kPad = roundUp(k, mr);
        for (int b = 0; b < blocks; b++) {
            int f0 = blockStart(f, blocks, b);
            int kf = blockStart(f, blocks, b + 1) - f0;
            for (int s = 0; s * mr < k; s++) {
                int base = f0 * kPad + s * kf * mr;
                int valid = Math.min(mr, k - s * mr);
                for (int pp = 0; pp < kf; pp++) {
                    int src = (f0 + pp) * k + s * mr;
                    int dst = base + pp * mr;
                    for (int r = 0; r < valid; r++) {
                        ap[dst + r] = w[src + r];
                    }
                    for (int r = valid; r < mr; r++) {
                        ap[dst + r] = 0f;
                    }
                }
            }
        }
    }

    /**
     * Input gradient, B side: rows (filters) {@code [f0, f0 + kf)} and all {@code m} columns of the output
     * gradient {@code dy[yOff ..]} as rows of {@code ldy} columns, as B slivers of {@code nr} columns.
     */
    static void gradAsB(float[] dy, int yOff, int ldy, int m, int f0, int kf, int nr, float[] bp) {
        for (int s = 0; s * nr < m; s++) {
            int base = s * kf * nr;
            int t0 = s * nr;
            int valid = Math.min(nr, m - t0);
            for (int pp = 0; pp < kf; pp++) {
                int dst = base + pp * nr;
                System.arraycopy(dy, yOff + (f0 + pp) * ldy + t0, bp, dst, valid);
                for (int c = valid; c < nr; c++) {
                    bp[dst + c] = 0f;
                }
            }
        }
    }

    /**
     * Input gradient: adds {@code dcol} ({@code K x m} in {@code c} with leading dimension {@code ldc}) onto the
     * padded image gradient {@code padded}, the adjoint of the im2col read. In the wide columns each row is one
     * contiguous run (its junk columns are zero, since the output gradient's are).
     */
    static void col2im(float[] c, int ldc, ConvGeometry g, float[] padded) {
        int[] rowOff = g.rowOff;
        int[] pixOff = g.pixOff;
        int m = g.m;
        for (int kk = 0; kk < g.k; kk++) {
            int ro = rowOff[kk];
            int src = kk * ldc;
            if (g.wide) {
                for (int t = 0; t < m; t++) {
                    padded[ro + t] += c[src + t];
                }
            } else {
                for (int t = 0; t < m; t++) {
                    padded[ro + pixOff[t]] += c[src + t];
                }
            }
        }
    }
}
