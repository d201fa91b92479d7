package io.neurite.backend.pure;

/**
 * Copies blocks of op(A) and op(B) into the layouts the {@link MicroKernel} streams through. The
 * transposes are resolved here and only here: whatever the flags, the packed A holds {@code mr} rows per
 * k-index side by side and the packed B {@code nr} columns per k-index, zero-padded to full slivers.
 *
 * <p>This class is the scalar path; {@code VectorGemmPacking} overrides a part of it on the SIMD path (chosen
 * by {@link KernelPath#simdOrScalar}). Both write the same values: packing copies, and multiplies by alpha.
 */
class GemmPacking {
    /** Floats a packed A block may need beyond its slivers (the vector packing's last store runs over). */
    static final int SLACK = 64;

    /**
     * Packs {@code alpha * op(A)[i0 .. i0+rows)[p0 .. p0+kc)} into {@code ap}: sliver {@code s} (rows
     * {@code i0 + s*mr ..}) starts at {@code s * kc * mr} and holds element (r, p) at {@code p * mr + r}.
     * Folding alpha in here costs nothing and leaves the kernel a pure multiply-add.
     */
    final void packA(float[] a, int lda, boolean transA, int i0, int rows, int p0, int kc, float alpha,
                     int mr, float[] ap) {
        packA(a, lda, transA, i0, rows, p0, kc, alpha, mr, ap, 0);
    }

    /**
     * As {@link #packA(float[], int, boolean, int, int, int, int, float, int, float[])}, from {@code apOff}
     * of {@code ap}, which must hold {@link #SLACK} floats more than the slivers need.
     */
    void packA(float[] a, int lda, boolean transA, int i0, int rows, int p0, int kc, float alpha,
               int mr, float[] ap, int apOff) {
        for (int s = 0; s * mr < rows; s++) {
            int base = apOff + s * kc * mr;
            int r0 = i0 + s * mr;
            int valid = Math.min(mr, rows - s * mr);
            if (!transA) {
                // A row-major [m, k]: each sliver row is contiguous in A; write with stride mr
                for (int r = 0; r < valid; r++) {
                    int ao = (r0 + r) * lda + p0;
                    for (int p = 0; p < kc; p++) {
                        ap[base + p * mr + r] = alpha * a[ao + p];
                    }
                }
            } else {
                // A stored [k, m]: the mr values of one k-index are contiguous in A
                for (int p = 0; p < kc; p++) {
                    int ao = (p0 + p) * lda + r0;
                    int o = base + p * mr;
                    for (int r = 0; r < valid; r++) {
                        ap[o + r] = alpha * a[ao + r];
                    }
                }
            }
            if (valid < mr) {
                for (int p = 0; p < kc; p++) {
                    for (int r = valid; r < mr; r++) {
                        ap[base + p * mr + r] = 0f;
                    }
                }
            }
        }
    }

    /**
     * Packs {@code op(B)[p0 .. p0+kc)[j0 .. j0+cols)} into {@code bp} from {@code bpOff}: sliver {@code s}
     * (columns {@code j0 + s*nr ..}) starts at {@code bpOff + s * kc * nr} and holds element (p, c) at
     * {@code p * nr + c}.
     */
    void packB(float[] b, int ldb, boolean transB, int p0, int kc, int j0, int cols, int nr, float[] bp,
               int bpOff) {
        for (int s = 0; s * nr < cols; s++) {
            int base = bpOff + s * kc * nr;
            int c0 = j0 + s * nr;
            int valid = Math.min(nr, cols - s * nr);
            if (!transB) {
                // B row-major [k, n]: the nr values of one k-index are contiguous
                for (int p = 0; p < kc; p++) {
                    int bo = (p0 + p) * ldb + c0;
                    int o = base + p * nr;
                    System.arraycopy(b, bo, bp, o, valid);
                    for (int c = valid; c < nr; c++) {
                        bp[o + c] = 0f;
                    }
                }
            } else {
                // B stored [n, k]: each column of op(B) is a contiguous row of B
                for (int c = 0; c < valid; c++) {
                    int bo = (c0 + c) * ldb + p0;
                    for (int p = 0; p < kc; p++) {
                        bp[base + p * nr + c] = b[bo + p];
                    }
                }
                if (valid < nr) {
                    for (int p = 0; p < kc; p++) {
                        for (int c = valid; c < nr; c++) {
                            bp[base + p * nr + c] = 0f;
                        }
                    }
                }
            }
        }
    }
}
