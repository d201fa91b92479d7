package io.neurite.backend.pure;

/**
 * gemm for products too small to repay packing: direct loops over the operands as they are stored, on
 * the calling thread. Row-major B is swept row by row (C row += a_ip * B row, which HotSpot vectorises);
 * transposed B is read as dot products of contiguous rows.
 */
final class SmallGemm {
    private SmallGemm() {
    }

    static void multiply(int m, int n, int k, float alpha, float[] a, int lda, boolean transA,
                         float[] b, int ldb, boolean transB, float beta, float[] c, int ldc) {
        Gemm.scale(c, ldc, 0, m, 0, n, beta);
        for (int i = 0; i < m; i++) {
            int co = i * ldc;
            if (!transB) {
                for (int p = 0; p < k; p++) {
                    float aip = alpha * (transA ? a[p * lda + i] : a[i * lda + p]);
                    int bo = p * ldb;
                    for (int j = 0; j < n; j++) {
                        c[co + j] += aip * b[bo + j];
                    }
                }
            } else {
                for (int j = 0; j < n; j++) {
                    int bo = j * ldb;
                    float dot = 0f;
                    if (transA) {
                        for (int p = 0; p < k; p++) {
                            dot += a[p * lda + i] * b[bo + p];
                        }
                    } else {
                        int ao = i * lda;
                        for (int p = 0; p < k; p++) {
                            dot += a[ao + p] * b[bo + p];
                        }
                    }
                    c[co + j] += alpha * dot;
                }
            }
        }
    }
}
