package io.neurite.backend.pure;

/**
 * gemm for products too small to repay packing: direct loops over the operands as they are stored, on the
 * calling thread. {@link ScalarSmallGemm} and {@link VectorSmallGemm} implement it.
 */
interface SmallGemm {

    /** {@code C = alpha * op(A) op(B) + beta * C}; {@code beta == 0} ignores C's old contents. */
    void multiply(int m, int n, int k, float alpha, float[] a, int lda, boolean transA,
                  float[] b, int ldb, boolean transB, float beta, float[] c, int ldc);

    /**
     * Whether {@link #multiplyRows} can compute a product of {@code n} columns with this transpose of B, so that
     * {@link Gemm} may split it over threads by rows. False by default (the scalar path does not split: its
     * speed is not the point).
     */
    default boolean splitsRows(int n, boolean transB) {
        return false;
    }

    /** The rows of this implementation's widest register tile: row splits fall on multiples of it. */
    default int rowTile() {
        return 4;
    }

    /**
     * Rows {@code [i0, m)} of {@code C = alpha * op(A) B + beta * C} (B not transposed), the other rows of C
     * untouched; only where {@link #splitsRows} said so.
     */
    default void multiplyRows(int i0, int m, int n, int k, float alpha, float[] a, int lda, boolean transA,
                              float[] b, int ldb, float beta, float[] c, int ldc) {
        throw new UnsupportedOperationException("this small gemm does not split by rows");
    }
}
