package io.neurite.backend.pure;

/**
 * gemm for products too small to repay packing: direct loops over the operands as they are stored, on the
 * calling thread. {@link ScalarSmallGemm} and {@link VectorSmallGemm} implement it.
 */
interface SmallGemm {

    /** {@code C = alpha * op(A) op(B) + beta * C}; {@code beta == 0} ignores C's old contents. */
    void multiply(int m, int n, int k, float alpha, float[] a, int lda, boolean transA,
                  float[] b, int ldb, boolean transB, float beta, float[] c, int ldc);
}
