package io.neurite.conformance;

/**
 * Plain, obviously-correct reference implementations in double precision, written for reading rather than
 * speed: one loop per definition, no blocking, no tricks. The conformance kit compares every backend with
 * these.
 */
public final class Reference {
    private Reference() {
    }

    /** sqrt(2 / pi), the constant of the tanh form of GELU. */
    static final double GELU_C = Math.sqrt(2.0 / Math.PI);

    static double sigmoid(double x) {
        return 1.0 / (1.0 + Math.exp(-x)); // exp(1000) = inf gives 0 here, the right limit
    }

    static double gelu(double x) {
        return 0.5 * x * (1.0 + Math.tanh(GELU_C * (x + 0.044715 * x * x * x)));
    }

    /** d/dx of the tanh-form GELU. */
    static double geluDerivative(double x) {
        double u = GELU_C * (x + 0.044715 * x * x * x);
        double t = Math.tanh(u);
        double du = GELU_C * (1.0 + 3.0 * 0.044715 * x * x);
        return 0.5 * (1.0 + t) + 0.5 * x * (1.0 - t * t) * du;
    }

    static double softplus(double x) {
        return Math.max(x, 0.0) + Math.log1p(Math.exp(-Math.abs(x)));
    }

    /**
     * {@code C = alpha * op(A) op(B) + beta * C} on row-major arrays, where {@code a} is stored as
     * {@code [m, k]} (or {@code [k, m]} when {@code transA}) and {@code b} as {@code [k, n]} (or
     * {@code [n, k]}). With {@code beta == 0} the old C is ignored, even NaN. Returns the new C.
     */
    static double[] gemm(int m, int n, int k, double alpha, float[] a, boolean transA, float[] b, boolean transB,
                         double beta, float[] c) {
        double[] out = new double[m * n];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double dot = 0;
                for (int p = 0; p < k; p++) {
                    dot += (double) at(a, transA, i, p, m, k) * at(b, transB, p, j, k, n);
                }
                out[i * n + j] = alpha * dot + (beta == 0 ? 0 : beta * c[i * n + j]);
            }
        }
        return out;
    }

    /** {@code |alpha| * sum_p |a_ip b_pj| + |beta c_ij|} for every element: the scale of gemm's rounding error. */
    static double[] gemmMagnitude(int m, int n, int k, double alpha, float[] a, boolean transA, float[] b,
                                  boolean transB, double beta, float[] c) {
        double[] out = new double[m * n];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double s = 0;
                for (int p = 0; p < k; p++) {
                    s += Math.abs((double) at(a, transA, i, p, m, k) * at(b, transB, p, j, k, n));
                }
                out[i * n + j] = Math.abs(alpha) * s + (beta == 0 ? 0 : Math.abs(beta * c[i * n + j]));
            }
        }
        return out;
    }

    /** Element (row, col) of op(X), where op(X) is {@code [rows, cols]} and X is stored transposed if asked. */
    private static float at(float[] x, boolean trans, int row, int col, int rows, int cols) {
        return trans ? x[col * rows + row] : x[row * cols + col];
    }

    static double[] softmaxRows(float[] x, int rows, int cols) {
        double[] out = new double[rows * cols];
        for (int i = 0; i < rows; i++) {
            double max = Double.NEGATIVE_INFINITY;
            for (int j = 0; j < cols; j++) {
                max = Math.max(max, x[i * cols + j]);
            }
            double sum = 0;
            for (int j = 0; j < cols; j++) {
                sum += Math.exp(x[i * cols + j] - max);
            }
            for (int j = 0; j < cols; j++) {
                out[i * cols + j] = Math.exp(x[i * cols + j] - max) / sum;
            }
        }
        return out;
    }

    static double[] logSoftmaxRows(float[] x, int rows, int cols) {
        double[] out = new double[rows * cols];
        for (int i = 0; i < rows; i++) {
            double max = Double.NEGATIVE_INFINITY;
            for (int j = 0; j < cols; j++) {
                max = Math.max(max, x[i * cols + j]);
            }
            double sum = 0;
            for (int j = 0; j < cols; j++) {
                sum += Math.exp(x[i * cols + j] - max);
            }
            double lse = max + Math.log(sum);
            for (int j = 0; j < cols; j++) {
                out[i * cols + j] = x[i * cols + j] - lse;
            }
        }
        return out;
    }
}
