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

    /**
     * The arguments of {@link Tensor#gatherRows}: a tensor with a first dimension, at least one offset per row,
     * and every row inside {@code src}. Returns the row length.
     */
    public static int gatherRows(Tensor dest, float[] src, int[] offsets) {
        Shape s = dest.shape();
        if (s.rank() == 0) {
            throw new IllegalArgumentException("gatherRows: the destination is a scalar; it needs a first dimension"
                    + " (the rows) to gather into");
        }
        int rows = s.dim(0);
        int rowLength = rows == 0 ? 0 : s.size() / rows;
        if (offsets.length < rows) {
            throw new IllegalArgumentException("gatherRows: " + offsets.length + " offsets for the " + rows
                    + " rows of " + s + "; pass one offset per row");
        }
        for (int r = 0; r < rows; r++) {
            int o = offsets[r];
            if (o < 0 || o > src.length - rowLength) {
                throw new IllegalArgumentException("gatherRows: row " + r + " starts at offset " + o + ", but a row"
                        + " of " + rowLength + " values from there does not fit the source array of "
                        + src.length);
            }
        }
        return rowLength;
    }

    /**
     * The arguments of the normalising {@link Tensor#gatherRows(float[], int[], float[], float[])}: those of
     * {@link #gatherRows(Tensor, float[], int[])}, and a shift and a scale of one value per element of a row.
     * Returns the row length.
     */
    public static int gatherRows(Tensor dest, float[] src, int[] offsets, float[] shift, float[] scale) {
        int rowLength = gatherRows(dest, src, offsets);
        if (shift.length != rowLength || scale.length != rowLength) {
            throw new IllegalArgumentException("gatherRows: the shift has " + shift.length + " values and the scale "
                    + scale.length + ", but the rows of " + dest.shape() + " have " + rowLength + "; pass one of"
                    + " each per element of a row");
        }
        return rowLength;
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
     * The checks of {@link #gemm} for a non-null {@code c}, without allocating its {@code int[]} result, for
     * backends whose training step must allocate nothing: they read m, n and k from the shapes themselves.
     * Anything wrong goes to {@link #gemm} for its message.
     */
    public static void gemmAllocationFree(String op, Tensor a, boolean transA, Tensor b, boolean transB, Tensor c) {
        Shape as = a.shape();
        Shape bs = b.shape();
        Shape cs = c.shape();
        boolean ok = as.rank() == 2 && bs.rank() == 2 && cs.rank() == 2 && c != a && c != b;
        int m = ok ? as.dim(transA ? 1 : 0) : 0;
        int k = ok ? as.dim(transA ? 0 : 1) : 0;
        int n = ok ? bs.dim(transB ? 0 : 1) : 0;
        if (!ok || bs.dim(transB ? 1 : 0) != k || cs.dim(0) != m || cs.dim(1) != n) {
            gemm(op, a, transA, b, transB, c);
            throw new IllegalStateException(op + ": shapes " + as + ", " + bs + ", " + cs + " rejected");
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

    /**
     * Checks {@code axes} of a reduction over {@code shape} and returns the result's shape: {@code shape} without
     * those axes, or {@code [1]} when all are reduced. Example message: {@code sumAlong: axis 4 is out of range
     * for [8, 3, 5, 5] (rank 4); axes run from 0 to 3}.
     */
    public static Shape reduced(String op, Shape shape, int[] axes) {
        int rank = shape.rank();
        if (axes == null || axes.length == 0) {
            throw new IllegalArgumentException(op + ": no axes given for " + shape + "; name at least one axis, e.g. "
                    + op + "(new int[] {0}, dest) for a per-column result");
        }
        boolean[] reduced = new boolean[rank];
        for (int axis : axes) {
            if (axis < 0 || axis >= rank) {
                throw new IllegalArgumentException(op + ": axis " + axis + " is out of range for " + shape + " (rank "
                        + rank + "); axes run from 0 to " + (rank - 1));
            }
            if (reduced[axis]) {
                throw new IllegalArgumentException(op + ": axis " + axis + " is named twice in "
                        + java.util.Arrays.toString(axes) + "; name each axis once");
            }
            reduced[axis] = true;
        }
        int kept = rank - axes.length;
        if (kept == 0) {
            return Shape.of(1);
        }
        int[] dims = new int[kept];
        for (int a = 0, k = 0; a < rank; a++) {
            if (!reduced[a]) {
                dims[k++] = shape.dim(a);
            }
        }
        return Shape.of(dims);
    }

    /** {@code vector} is a {@code [t.dim(axis)]} vector for a broadcast along {@code axis} of {@code t}. */
    public static void alongAxis(String op, Tensor t, int axis, Tensor vector) {
        Shape s = t.shape();
        if (axis < 0 || axis >= s.rank()) {
            throw new IllegalArgumentException(op + ": axis " + axis + " is out of range for " + s + " (rank "
                    + s.rank() + "); axes run from 0 to " + (s.rank() - 1));
        }
        if (vector.shape().rank() != 1 || vector.shape().dim(0) != s.dim(axis)) {
            throw new IllegalArgumentException(op + ": the tensor is " + s + " so the vector along axis " + axis
                    + " must be [" + s.dim(axis) + "], but it is " + vector.shape());
        }
    }

    /** Checks that {@code order} is a permutation of {@code shape}'s axes and returns the permuted shape. */
    public static Shape permuted(String op, Shape shape, int[] order) {
        int rank = shape.rank();
        if (order == null || order.length != rank) {
            throw new IllegalArgumentException(op + ": the order " + java.util.Arrays.toString(order) + " has "
                    + (order == null ? 0 : order.length) + " axes but the tensor " + shape + " has " + rank
                    + "; give each axis 0 .. " + (rank - 1) + " once");
        }
        boolean[] seen = new boolean[rank];
        int[] dims = new int[rank];
        for (int k = 0; k < rank; k++) {
            int a = order[k];
            if (a < 0 || a >= rank || seen[a]) {
                throw new IllegalArgumentException(op + ": the order " + java.util.Arrays.toString(order)
                        + " is not a permutation of the axes of " + shape + "; give each axis 0 .. " + (rank - 1)
                        + " once");
            }
            seen[a] = true;
            dims[k] = shape.dim(a);
        }
        return Shape.of(dims);
    }
}
