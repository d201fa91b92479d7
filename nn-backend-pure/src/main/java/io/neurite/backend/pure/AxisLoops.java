package io.neurite.backend.pure;

import io.neurite.tensor.Shape;

/**
 * The loops behind the Tensor operations along axes (reductions over chosen axes, per-channel broadcasts,
 * permutes), on row-major {@code float[]}. A tensor of rank r is seen as rank 4 with {@code 4 - r} leading
 * axes of size 1, so one four-deep loop serves every rank. Reductions accumulate in double.
 */
final class AxisLoops {
    private AxisLoops() {
    }

    /** The dimensions of {@code shape}, padded on the left with 1s to rank 4. */
    static int[] dims4(Shape shape) {
        int[] d = {1, 1, 1, 1};
        int off = 4 - shape.rank();
        for (int a = 0; a < shape.rank(); a++) {
            d[off + a] = shape.dim(a);
        }
        return d;
    }

    /**
     * For each of the four padded axes, the stride of its index in the (row-major) reduced result: 0 for a
     * reduced axis (and for padding), the product of the later kept dimensions for a kept one.
     */
    static int[] outStrides(Shape shape, int[] axes) {
        int off = 4 - shape.rank();
        boolean[] reduced = new boolean[4];
        for (int a = 0; a < off; a++) {
            reduced[a] = true;
        }
        for (int axis : axes) {
            reduced[off + axis] = true;
        }
        int[] d = dims4(shape);
        int[] strides = new int[4];
        int stride = 1;
        for (int a = 3; a >= 0; a--) {
            if (!reduced[a]) {
                strides[a] = stride;
                stride *= d[a];
            }
        }
        return strides;
    }

    /**
     * The kept padded axis to split a reduction over threads along (the one with the most indices), or -1
     * when every axis is reduced. Splitting along a kept axis gives each task its own outputs, and each
     * output is still summed in row-major order, so the result does not depend on the number of threads.
     */
    static int splitAxis(int[] d, int[] os) {
        int best = -1;
        for (int a = 0; a < 4; a++) {
            if (os[a] != 0 && (best < 0 || d[a] > d[best])) {
                best = a;
            }
        }
        return best;
    }

    /**
     * {@code acc[out(i)] += x[i]} for every element whose index along padded axis {@code split} is in
     * {@code [from, to)} (every element when {@code split} is -1); {@code out} is given by {@link #outStrides}.
     * With {@code mean} non-null it sums {@code (x[i] - mean[out(i)])²} instead: a variance's second pass.
     */
    static void sum(float[] x, int[] d, int[] os, double[] mean, double[] acc, int split, int from, int to) {
        int[] lo = {0, 0, 0, 0};
        int[] hi = d.clone();
        if (split >= 0) {
            lo[split] = from;
            hi[split] = to;
        }
        for (int i0 = lo[0]; i0 < hi[0]; i0++) {
            for (int i1 = lo[1]; i1 < hi[1]; i1++) {
                for (int i2 = lo[2]; i2 < hi[2]; i2++) {
                    int base = i0 * os[0] + i1 * os[1] + i2 * os[2];
                    int row = ((i0 * d[1] + i1) * d[2] + i2) * d[3];
                    if (os[3] == 0) {
                        double m = mean == null ? 0 : mean[base];
                        double s = 0;
                        for (int i3 = lo[3]; i3 < hi[3]; i3++) {
                            double v = x[row + i3] - m;
                            s += mean == null ? v : v * v;
                        }
                        acc[base] += s;
                    } else {
                        for (int i3 = lo[3]; i3 < hi[3]; i3++) {
                            if (mean == null) {
                                acc[base + i3] += x[row + i3];
                            } else {
                                double v = x[row + i3] - mean[base + i3];
                                acc[base + i3] += v * v;
                            }
                        }
                    }
                }
            }
        }
    }

    /**
     * {@code d = x + v[c]} (or {@code x * v[c]}) over the lines {@code [lineFrom, lineTo)}, where line {@code l}
     * is the contiguous run {@code [l * run, (l + 1) * run)} and belongs to channel {@code l % channels}.
     */
    static void along(float[] x, float[] v, float[] d, int channels, int run, int lineFrom, int lineTo,
                      boolean multiply) {
        for (int l = lineFrom; l < lineTo; l++) {
            float c = v[l % channels];
            int o = l * run;
            if (multiply) {
                for (int j = o; j < o + run; j++) {
                    d[j] = x[j] * c;
                }
            } else {
                for (int j = o; j < o + run; j++) {
                    d[j] = x[j] + c;
                }
            }
        }
    }

    /** {@code d} = {@code x} of {@code shape} with its axes reordered by {@code order}; {@code d} is not {@code x}. */
    static void permute(float[] x, Shape shape, int[] order, float[] d) {
        int rank = shape.rank();
        int off = 4 - rank;
        int[] dims = dims4(shape);
        // the destination's row-major strides, then each source axis's stride in the destination
        int[] destDims = new int[4];
        int[] order4 = new int[4];
        for (int k = 0; k < 4; k++) {
            order4[k] = k < off ? k : off + order[k - off];
            destDims[k] = dims[order4[k]];
        }
        int[] destStride = new int[4];
        int stride = 1;
        for (int k = 3; k >= 0; k--) {
            destStride[k] = stride;
            stride *= destDims[k];
        }
        int[] s = new int[4];
        for (int k = 0; k < 4; k++) {
            s[order4[k]] = destStride[k];
        }
        int i = 0;
        for (int i0 = 0; i0 < dims[0]; i0++) {
            for (int i1 = 0; i1 < dims[1]; i1++) {
                for (int i2 = 0; i2 < dims[2]; i2++) {
                    int base = i0 * s[0] + i1 * s[1] + i2 * s[2];
                    for (int i3 = 0; i3 < dims[3]; i3++) {
                        d[base + i3 * s[3]] = x[i++];
                    }
                }
            }
        }
    }
}
