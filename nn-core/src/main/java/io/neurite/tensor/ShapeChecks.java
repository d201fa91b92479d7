package io.neurite.tensor;

/**
 * The shape checks every backend shares, so that each error reads the same everywhere: the operation,
 * both shapes, and what would fix it.
 */
public final class ShapeChecks {
    private ShapeChecks() {
    }

    /** Both tensors have the same shape. */
    public static void same(String op, Tensor a, Tensor b) {
        if (!a.shape().equals(b.shape())) {
            throw new IllegalArgumentException(op + ": shapes " + a.shape() + " and " + b.shape()
                    + " differ; element-wise operations need equal shapes (use addRowVector for a bias row)");
        }
    }

    /** {@code dest} has the shape the result will have. */
    public static void dest(String op, Shape expected, Tensor dest) {
        if (!expected.equals(dest.shape())) {
            throw new IllegalArgumentException(op + ": the destination is " + dest.shape() + " but the result is "
                    + expected + "; pass a destination of shape " + expected);
        }
    }

    /** {@code row} is a {@code [cols]} vector for the rank-2 {@code matrix}. */
    public static void rowVector(String op, Tensor matrix, Tensor row) {
        int cols = matrix.shape().cols(op);
        if (row.shape().rank() != 1 || row.shape().dim(0) != cols) {
            throw new IllegalArgumentException(op + ": the matrix is " + matrix.shape() + " so the row vector must be ["
                    + cols + "], but it is " + row.shape());
        }
    }

    /**
     * Checks a gemm's operands and returns {@code {m, n, k}}. {@code c} may be null (checked later).
     * Example message: {@code matmul: A is [128, 784] but B is [256, 10]; inner dimensions 784 != 256}.
     */
    public static int[] gemm(String op, Tensor a, boolean transA, Tensor b, boolean transB, Tensor c) {
        if (a.shape().rank() != 2 || b.shape().rank() != 2) {
            throw new IllegalArgumentException(op + ": A is " + a.shape() + " and B is " + b.shape()
                    + "; both must be rank 2 (reshape to [rows, columns] first)");
        }
        int m = transA ? a.shape().dim(1) : a.shape().dim(0);
        int ka = transA ? a.shape().dim(0) : a.shape().dim(1);
        int kb = transB ? b.shape().dim(1) : b.shape().dim(0);
        int n = transB ? b.shape().dim(0) : b.shape().dim(1);
        if (ka != kb) {
            throw new IllegalArgumentException(op + ": A" + (transA ? "ᵀ" : "") + " is " + describe(a, transA)
                    + " but B" + (transB ? "ᵀ" : "") + " is " + describe(b, transB)
                    + "; inner dimensions " + ka + " != " + kb);
        }
        if (c != null && (c.shape().rank() != 2 || c.shape().dim(0) != m || c.shape().dim(1) != n)) {
            throw new IllegalArgumentException(op + ": C is " + c.shape() + " but op(A)·op(B) is [" + m + ", " + n
                    + "]; pass a C of shape [" + m + ", " + n + "]");
        }
        if (c != null && (c == a || c == b)) {
            throw new IllegalArgumentException(op + ": C must not be the same tensor as A or B; gemm writes C while"
                    + " reading A and B");
        }
        return new int[] {m, n, ka};
    }

    private static String describe(Tensor t, boolean trans) {
        return trans ? "[" + t.shape().dim(1) + ", " + t.shape().dim(0) + "]" : t.shape().toString();
    }

    /** A tensor from another backend cannot be an operand. */
    public static void sameBackend(String op, Tensor a, Tensor b) {
        if (a.backend() != b.backend()) {
            throw new IllegalArgumentException(op + ": operands live on different backends (" + a.backend().name()
                    + " and " + b.backend().name() + "); move one with tensor.to(backend)");
        }
    }
}
