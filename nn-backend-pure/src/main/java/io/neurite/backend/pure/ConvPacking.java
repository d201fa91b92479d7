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
     * Forward, B side: {@code Wᵀ} ({@code K x F}) of weight {@code w} ({@code [F, K]}), all of K in
     * {@code blocks} blocks, as B slivers of {@code nr} filters.
     */
    static void weightTransposedAsB(float[] w, int f, int k, int blocks, int nr, float[] bp) {
        int fPad = roundUp(f, nr);
        for (int b = 0; b < blocks; b++) {
            int k0 = blockStart(k, blocks, b);
            int kc = blockStart(k, blocks, b + 1) - k0;
            for (int s = 0; s * nr < f; s++) {
                int base = k0 * fPad + s * kc * nr;
                for (int c = 0; c < nr; c++) {
                    int filter = s * nr + c;
                    if (filter >= f) {
                        for (int p = 0; p < kc; p++) {
                            bp[base + p * nr + c] = 0f;
                        }
                        continue;
                    }
                    int src = filter * k + k0;
                    for (int p = 0; p < kc; p++) {
                        bp[base + p * nr + c] = w[src + p];
                    }
                }
            }
        }
    }

    /**
     * Forward, A side: rows {@code [0, P)} (output pixels) and columns {@code [k0, k0 + kc)} of {@code colᵀ}
     * ({@code P x K}) of one padded image, as A slivers of {@code mr} pixels.
     */
    static void pixelsAsA(float[] padded, ConvGeometry g, int k0, int kc, int mr, float[] ap) {
        int[] rowOff = g.rowOff;
        int[] pixOff = g.pixOff;
        int p = g.p;
        for (int s = 0; s * mr < p; s++) {
            int q0 = s * mr;
            int valid = Math.min(mr, p - q0);
            int base = s * kc * mr;
            // the sliver's pixels are adjacent in the padded image when they lie in one output row
            boolean adjacent = valid == mr && g.unitStrideW && pixOff[q0 + mr - 1] - pixOff[q0] == mr - 1;
            if (adjacent) {
                int first = pixOff[q0];
                for (int kk = 0; kk < kc; kk++) {
                    int src = rowOff[k0 + kk] + first;
                    int dst = base + kk * mr;
                    for (int r = 0; r < mr; r++) {
                        ap[dst + r] = padded[src + r];
                    }
                }
            } else {
                for (int kk = 0; kk < kc; kk++) {
                    int ro = rowOff[k0 + kk];
                    int dst = base + kk * mr;
                    for (int r = 0; r < valid; r++) {
                        ap[dst + r] = padded[ro + pixOff[q0 + r]];
                    }
                    for (int r = valid; r < mr; r++) {
                        ap[dst + r] = 0f;
                    }
                }
            }
        }
    }

    /**
     * Weight gradient, A side: rows {@code [0, K)} and columns (pixels) {@code [q0, q0 + kc)} of {@code col}
     * ({@code K x P}) of one padded image, as A slivers of {@code mr} rows.
     */
    static void rowsAsA(float[] padded, ConvGeometry g, int q0, int kc, int mr, float[] ap) {
        int[] rowOff = g.rowOff;
        int[] pixOff = g.pixOff;
        int k = g.k;
        for (int s = 0; s * mr < k; s++) {
            int base = s * kc * mr;
            for (int r = 0; r < mr; r++) {
                int row = s * mr + r;
                if (row >= k) {
                    for (int pp = 0; pp < kc; pp++) {
                        ap[base + pp * mr + r] = 0f;
                    }
                    continue;
                }
                int ro = rowOff[row];
                for (int pp = 0; pp < kc; pp++) {
                    ap[base + pp * mr + r] = padded[ro + pixOff[q0 + pp]];
                }
            }
        }
    }

    /**
     * Weight gradient, B side: rows (pixels) {@code [q0, q0 + kc)} of {@code dYᵀ} ({@code P x F}) of the
     * output gradient {@code dy[yOff ..]} ({@code [F, P]}), as B slivers of {@code nr} filters.
     */
    static void gradTransposedAsB(float[] dy, int yOff, int f, int p, int q0, int kc, int nr, float[] bp) {
        for (int s = 0; s * nr < f; s++) {
            int base = s * kc * nr;
            for (int c = 0; c < nr; c++) {
                int filter = s * nr + c;
                if (filter >= f) {
                    for (int pp = 0; pp < kc; pp++) {
                        bp[base + pp * nr + c] = 0f;
                    }
                    continue;
                }
                int src = yOff + filter * p + q0;
                for (int pp = 0; pp < kc; pp++) {
                    bp[base + pp * nr + c] = dy[src + pp];
                }
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
     * Input gradient, B side: rows (filters) {@code [f0, f0 + kf)} of the output gradient {@code dy[yOff ..]}
     * ({@code F x P}), as B slivers of {@code nr} pixels.
     */
    static void gradAsB(float[] dy, int yOff, int p, int f0, int kf, int nr, float[] bp) {
        for (int s = 0; s * nr < p; s++) {
            int base = s * kf * nr;
            int q0 = s * nr;
            int valid = Math.min(nr, p - q0);
            for (int pp = 0; pp < kf; pp++) {
                int dst = base + pp * nr;
                System.arraycopy(dy, yOff + (f0 + pp) * p + q0, bp, dst, valid);
                for (int c = valid; c < nr; c++) {
                    bp[dst + c] = 0f;
                }
            }
        }
    }

    /**
     * Input gradient: adds {@code dcol} ({@code K x P} in {@code c} with leading dimension {@code ldc}) onto the
     * padded image gradient {@code padded}, the adjoint of the im2col read.
     */
    static void col2im(float[] c, int ldc, ConvGeometry g, float[] padded) {
        int[] rowOff = g.rowOff;
        int[] pixOff = g.pixOff;
        int outW = g.outW;
        for (int kk = 0; kk < g.k; kk++) {
            int ro = rowOff[kk];
            int src = kk * ldc;
            if (g.unitStrideW) {
                for (int oy = 0; oy < g.outH; oy++) {
                    int d = ro + pixOff[oy * outW];
                    int s = src + oy * outW;
                    for (int ox = 0; ox < outW; ox++) {
                        padded[d + ox] += c[s + ox];
                    }
                }
            } else {
                for (int q = 0; q < g.p; q++) {
                    padded[ro + pixOff[q]] += c[src + q];
                }
            }
        }
    }
}
