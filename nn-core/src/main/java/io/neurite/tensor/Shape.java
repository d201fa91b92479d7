package io.neurite.tensor;

import java.util.Arrays;

/**
 * The dimensions of a dense, row-major tensor: rank 1 to 4, every dimension at least 1.
 *
 * <p>Rank 2 is {@code [rows, columns]}, i.e. {@code [batch, features]} for layer activations;
 * rank 4 is {@code [batch, channels, height, width]} (NCHW) for convolutions. Immutable.
 */
public final class Shape {
    /** Largest rank a tensor may have. */
    public static final int MAX_RANK = 4;

    private final int[] dims;
    private final int size;

    private Shape(int[] dims) {
        if (dims.length < 1 || dims.length > MAX_RANK) {
            throw new IllegalArgumentException("shape " + Arrays.toString(dims) + " has rank " + dims.length
                    + "; Neurite tensors have rank 1 to " + MAX_RANK);
        }
        long n = 1;
        for (int d : dims) {
            if (d < 1) {
                throw new IllegalArgumentException("shape " + Arrays.toString(dims)
                        + " has a dimension < 1; every dimension must be at least 1");
            }
            n *= d;
            if (n > Integer.MAX_VALUE - 8) {
                throw new IllegalArgumentException("shape " + Arrays.toString(dims)
                        + " has more than 2^31 elements, which a Java float[] cannot hold");
            }
        }
        this.dims = dims;
        this.size = (int) n;
    }

    /** A shape with the given dimensions, e.g. {@code Shape.of(128, 784)}. */
    public static Shape of(int... dims) {
        return new Shape(dims.clone());
    }

    public int rank() {
        return dims.length;
    }

    /** Dimension {@code axis}; negative axes count from the end ({@code -1} is the last). */
    public int dim(int axis) {
        int a = axis < 0 ? dims.length + axis : axis;
        if (a < 0 || a >= dims.length) {
            throw new IllegalArgumentException("axis " + axis + " is out of range for shape " + this);
        }
        return dims[a];
    }

    /** Number of elements. */
    public int size() {
        return size;
    }

    /** A copy of the dimensions. */
    public int[] dims() {
        return dims.clone();
    }

    /** Rows of a rank-2 shape (fails with the operation name otherwise). */
    public int rows(String op) {
        requireRank(op, 2);
        return dims[0];
    }

    /** Columns of a rank-2 shape (fails with the operation name otherwise). */
    public int cols(String op) {
        requireRank(op, 2);
        return dims[1];
    }

    /** Throws an error naming {@code op} unless this shape has the given rank. */
    public void requireRank(String op, int rank) {
        if (dims.length != rank) {
            throw new IllegalArgumentException(op + ": expected a rank-" + rank + " tensor but got shape " + this
                    + (rank == 2 ? "; reshape to [rows, columns] first" : ""));
        }
    }

    /** The same elements seen as a matrix: the first dimension by all the others. */
    public Shape flattenToMatrix() {
        return new Shape(new int[] {dims[0], size / dims[0]});
    }

    /** This shape with a different first (batch) dimension. */
    public Shape withBatch(int batch) {
        int[] d = dims.clone();
        d[0] = batch;
        return new Shape(d);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Shape && Arrays.equals(dims, ((Shape) o).dims);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(dims);
    }

    /** {@code [128, 784]}. */
    @Override
    public String toString() {
        return Arrays.toString(dims);
    }
}
