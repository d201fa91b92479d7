package io.neurite.backend.pure;

/**
 * The small-product gemm without the Vector API: 4 x 4 tiles of C accumulated in local variables (so in
 * registers) straight from A and B as they are stored, then plain dot products for the edges. Strides
 * stand for the transposes: element (i, p) of op(A) is {@code a[i * si + p * sp]}, element (p, j) of
 * op(B) is {@code b[p * bp + j * bj]}.
 */
final class ScalarSmallGemm implements SmallGemm {

    @Override
    public void multiply(int m, int n, int k, float alpha, float[] a, int lda, boolean transA,
                         float[] b, int ldb, boolean transB, float beta, float[] c, int ldc) {
        Gemm.scale(c, ldc, 0, m, 0, n, beta);
        int si = transA ? 1 : lda;
        int sp = transA ? lda : 1;
        int bp = transB ? 1 : ldb;
        int bj = transB ? ldb : 1;
        int m4 = m / 4 * 4;
        int n4 = n / 4 * 4;
        for (int i = 0; i < m4; i += 4) {
            for (int j = 0; j < n4; j += 4) {
                tile(i, j, k, alpha, a, si, sp, b, bp, bj, c, ldc);
            }
        }
        // the right edge (all rows) and the bottom edge (the left part)
        for (int i = 0; i < m; i++) {
            for (int j = i < m4 ? n4 : 0; j < n; j++) {
                float dot = 0f;
                for (int p = 0; p < k; p++) {
                    dot += a[i * si + p * sp] * b[p * bp + j * bj];
                }
                c[i * ldc + j] += alpha * dot;
            }
        }
    }

    private static void tile(int i, int j, int k, float alpha, float[] a, int si, int sp, float[] b, int bp, int bj,
                             float[] c, int ldc) {
        float c00 = 0f;
        float c01 = 0f;
        float c02 = 0f;
        float c03 = 0f;
        float c10 = 0f;
        float c11 = 0f;
        float c12 = 0f;
        float c13 = 0f;
        float c20 = 0f;
        float c21 = 0f;
        float c22 = 0f;
        float c23 = 0f;
        float c30 = 0f;
        float c31 = 0f;
        float c32 = 0f;
        float c33 = 0f;
        int a0 = i * si;
        int b0 = j * bj;
        for (int p = 0; p < k; p++) {
            int ao = a0 + p * sp;
            int bo = b0 + p * bp;
            float x0 = b[bo];
            float x1 = b[bo + bj];
            float x2 = b[bo + 2 * bj];
            float x3 = b[bo + 3 * bj];
            float y = a[ao];
            c00 += y * x0;
            c01 += y * x1;
            c02 += y * x2;
            c03 += y * x3;
            y = a[ao + si];
            c10 += y * x0;
            c11 += y * x1;
            c12 += y * x2;
            c13 += y * x3;
            y = a[ao + 2 * si];
            c20 += y * x0;
            c21 += y * x1;
            c22 += y * x2;
            c23 += y * x3;
            y = a[ao + 3 * si];
            c30 += y * x0;
            c31 += y * x1;
            c32 += y * x2;
            c33 += y * x3;
        }
        int r = i * ldc + j;
        c[r] += alpha * c00;
        c[r + 1] += alpha * c01;
        c[r + 2] += alpha * c02;
        c[r + 3] += alpha * c03;
        r += ldc;
        c[r] += alpha * c10;
        c[r + 1] += alpha * c11;
        c[r + 2] += alpha * c12;
        c[r + 3] += alpha * c13;
        r += ldc;
        c[r] += alpha * c20;
        c[r + 1] += alpha * c21;
        c[r + 2] += alpha * c22;
        c[r + 3] += alpha * c23;
        r += ldc;
        c[r] += alpha * c30;
        c[r + 1] += alpha * c31;
        c[r + 2] += alpha * c32;
        c[r + 3] += alpha * c33;
    }
}
