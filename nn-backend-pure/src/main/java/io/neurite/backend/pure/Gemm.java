package io.neurite.backend.pure;

/**
 * The sgemm kernel: {@code C = alpha * op(A) * op(B) + beta * C} on row-major arrays with leading
 * dimensions. All kernel code lives here so that it can be replaced as a unit.
 */
final class Gemm {
    private final int threads;

    Gemm(int threads) {
        this.threads = threads;
    }

    String describe() {
        return "scalar gemm";
    }

    void multiply(int m, int n, int k, float alpha, float[] a, int lda, boolean transA,
                  float[] b, int ldb, boolean transB, float beta, float[] c, int ldc) {
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                c[i * ldc + j] = beta == 0f ? 0f : beta * c[i * ldc + j];
            }
            for (int p = 0; p < k; p++) {
                float aip = alpha * (transA ? a[p * lda + i] : a[i * lda + p]);
                if (!transB) {
                    int bo = p * ldb;
                    int co = i * ldc;
                    for (int j = 0; j < n; j++) {
                        c[co + j] += aip * b[bo + j];
                    }
                } else {
                    for (int j = 0; j < n; j++) {
                        c[i * ldc + j] += aip * b[j * ldb + p];
                    }
                }
            }
        }
    }
}
