package io.neurite.backend.pure;

/**
 * The innermost piece of the blocked sgemm ({@link Gemm}): one {@code MR x NR} tile of C updated from a
 * packed sliver of A and a packed sliver of B,
 * {@code C[i][j] += sum_p ap[p * MR + i] * bp[p * NR + j]} for {@code i < MR, j < NR}.
 *
 * <p>A is packed column by column ({@code MR} values of one k-index next to each other) and B row by row
 * ({@code NR} values), so the kernel reads both strictly sequentially whatever the transposes of the
 * original operands were. The driver handles alpha (folded into the packed A), beta (applied to C before
 * the first k-block) and partial tiles at the edges (computed into a scratch tile).
 */
interface MicroKernel {
    /** Rows of the register tile. */
    int mr();

    /** Columns of the register tile. */
    int nr();

    /** Short name for {@code describe()}. */
    String describe();

    /**
     * The kernel to use for a product of {@code rows} rows whose operands are packed by the caller (the
     * convolutions): this one, or one of the same vector width and {@code nr} with fewer rows per tile where
     * that divides {@code rows} and this one's {@code mr} does not. (A 12-row tile over 64 filters computes 72
     * rows; an 8-row tile, which runs at the same peak on 32 registers, computes 64.)
     */
    default MicroKernel forRows(int rows) {
        return this;
    }

    /**
     * {@code c[cOff + i * ldc + j] += sum_{p < kc} ap[apOff + p * mr + i] * bp[bpOff + p * nr + j]}.
     */
    void multiplyAdd(int kc, float[] ap, int apOff, float[] bp, int bpOff, float[] c, int cOff, int ldc);

    /**
     * As {@link #multiplyAdd} with B read in place instead of packed: row {@code p} of the B sliver is
     * {@code b[rowOff[rowFrom + p] + col ..]}, {@code nr} floats, so
     * {@code c[cOff + i * ldc + j] += sum_{p < kc} ap[apOff + p * mr + i] * b[rowOff[rowFrom + p] + col + j]}.
     * The stride-1 convolutions read their im2col rows so, as runs of a padded image ({@link ConvGeometry#wide}),
     * without the packing pass. Every {@code rowOff[rowFrom + p] + col + nr} must be within {@code b}.
     * This default is the plain loop (the scalar path's); the vector kernels override it.
     */
    default void multiplyAddRows(int kc, float[] ap, int apOff, float[] b, int[] rowOff, int rowFrom, int col,
                                 float[] c, int cOff, int ldc) {
        int mr = mr();
        int nr = nr();
        for (int i = 0; i < mr; i++) {
            for (int j = 0; j < nr; j++) {
                float sum = c[cOff + i * ldc + j];
                for (int p = 0; p < kc; p++) {
                    sum += ap[apOff + p * mr + i] * b[rowOff[rowFrom + p] + col + j];
                }
                c[cOff + i * ldc + j] = sum;
            }
        }
    }

    /**
     * Whether {@link #multiplyAddStrided} over a packed B sliver is faster than packing A and calling
     * {@link #multiplyAdd}, so that {@link Gemm} reads a row-major A in place. False here (the default loop is
     * the plain reference); the vector kernels say per width.
     */
    default boolean readsStridedAFast() {
        return false;
    }

    /**
     * As {@link #multiplyAddRows} with A read in place as well, as {@code mr} rows {@code lda} apart:
     * {@code c[cOff + i * ldc + j] += sum_{p < kc} a[aOff + i * lda + p] * b[rowOff[rowFrom + p] + col + j]}.
     * The weight gradient's {@code dY} is read so. This default is the plain loop; the vector kernels override it.
     */
    default void multiplyAddStrided(int kc, float[] a, int aOff, int lda, float[] b, int[] rowOff, int rowFrom,
                                    int col, float[] c, int cOff, int ldc) {
        int mr = mr();
        int nr = nr();
        for (int i = 0; i < mr; i++) {
            for (int j = 0; j < nr; j++) {
                float sum = c[cOff + i * ldc + j];
                for (int p = 0; p < kc; p++) {
                    sum += a[aOff + i * lda + p] * b[rowOff[rowFrom + p] + col + j];
                }
                c[cOff + i * ldc + j] = sum;
            }
        }
    }
}
