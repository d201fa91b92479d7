package io.neurite.conformance;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.neurite.tensor.Backend;
import io.neurite.tensor.Shape;
import io.neurite.tensor.Tensor;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The narrow broadcasting and row-wise operations on rank-2 tensors: {@code addRowVector},
 * {@code sumColumns}, {@code sumRows}, {@code maxRows}, {@code argmaxRows}, {@code softmaxRows},
 * {@code logSoftmaxRows}, on single rows, single columns, odd sizes and a large matrix.
 */
public abstract class RowOpsConformanceTests {

    /** The backend under test. */
    protected abstract Backend backend();

    static Stream<Shape> matrices() {
        return TestData.matrixShapes().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("matrices")
    void addRowVectorAddsTheRowToEveryRow(Shape shape) {
        int rows = shape.dim(0);
        int cols = shape.dim(1);
        float[] x = TestData.uniform(20, shape.size(), -2, 2);
        float[] r = TestData.uniform(21, cols, -2, 2);
        double[] want = new double[x.length];
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                want[i * cols + j] = (double) x[i * cols + j] + r[j];
            }
        }
        Tensor tx = backend().of(x, shape);
        Tensor tr = backend().of(r, Shape.of(cols));

        Tensor fresh = tx.addRowVector(tr);
        assertNotSame(tx, fresh);
        Checks.close("addRowVector", shape, want, fresh.toFloatArray(), Tolerances.ARITHMETIC);

        Tensor dest = backend().zeros(shape).fill(Float.NaN);
        assertSame(dest, tx.addRowVector(tr, dest));
        Checks.close("addRowVector into dest", shape, want, dest.toFloatArray(), Tolerances.ARITHMETIC);
        Checks.unchanged("addRowVector", tx, x);
        Checks.unchanged("addRowVector", tr, r);

        assertSame(tx, tx.addRowVectorInPlace(tr));
        Checks.close("addRowVectorInPlace", shape, want, tx.toFloatArray(), Tolerances.ARITHMETIC);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("matrices")
    void sumColumnsIsTheBiasGradient(Shape shape) {
        int rows = shape.dim(0);
        int cols = shape.dim(1);
        float[] x = TestData.uniform(22, shape.size(), -2, 2);
        double[] want = new double[cols];
        double[] magnitude = new double[cols];
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                want[j] += x[i * cols + j];
                magnitude[j] += Math.abs(x[i * cols + j]);
            }
        }
        Tensor tx = backend().of(x, shape);
        Tensor dest = backend().zeros(cols).fill(Float.NaN); // must be overwritten, not accumulated into
        assertSame(dest, tx.sumColumns(dest));
        Checks.close("sumColumns", shape, want, dest.toFloatArray(), j -> Tolerances.reduction(rows, magnitude[j]));
        Checks.close("sumColumns()", shape, want, tx.sumColumns().toFloatArray(),
                j -> Tolerances.reduction(rows, magnitude[j]));
        Checks.unchanged("sumColumns", tx, x);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("matrices")
    void sumRowsAndMaxRows(Shape shape) {
        int rows = shape.dim(0);
        int cols = shape.dim(1);
        float[] x = TestData.uniform(23, shape.size(), -2, 2);
        double[] sum = new double[rows];
        double[] magnitude = new double[rows];
        double[] max = new double[rows];
        for (int i = 0; i < rows; i++) {
            max[i] = Double.NEGATIVE_INFINITY;
            for (int j = 0; j < cols; j++) {
                sum[i] += x[i * cols + j];
                magnitude[i] += Math.abs(x[i * cols + j]);
                max[i] = Math.max(max[i], x[i * cols + j]);
            }
        }
        Tensor tx = backend().of(x, shape);
        Tensor dest = backend().zeros(rows).fill(Float.NaN);
        assertSame(dest, tx.sumRows(dest));
        Checks.close("sumRows", shape, sum, dest.toFloatArray(), i -> Tolerances.reduction(cols, magnitude[i]));
        Checks.close("sumRows()", shape, sum, tx.sumRows().toFloatArray(),
                i -> Tolerances.reduction(cols, magnitude[i]));
        dest.fill(Float.NaN);
        assertSame(dest, tx.maxRows(dest));
        Checks.close("maxRows", shape, max, dest.toFloatArray(), new Tolerance(0, 0));
        Checks.close("maxRows()", shape, max, tx.maxRows().toFloatArray(), new Tolerance(0, 0));
        Checks.unchanged("sumRows/maxRows", tx, x);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("matrices")
    void argmaxRowsPicksTheFirstLargest(Shape shape) {
        int rows = shape.dim(0);
        int cols = shape.dim(1);
        // a coarse grid of values so that most rows have ties
        float[] x = TestData.uniform(24, shape.size(), -2, 2);
        for (int i = 0; i < x.length; i++) {
            x[i] = Math.round(x[i] * 2) / 2f;
        }
        int[] want = new int[rows];
        for (int i = 0; i < rows; i++) {
            for (int j = 1; j < cols; j++) {
                if (x[i * cols + j] > x[i * cols + want[i]]) {
                    want[i] = j;
                }
            }
        }
        assertArrayEquals(want, backend().of(x, shape).argmaxRows(), "argmaxRows on " + shape);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("matrices")
    void softmaxRows(Shape shape) {
        int rows = shape.dim(0);
        int cols = shape.dim(1);
        float[] x = TestData.uniform(25, shape.size(), -8, 8);
        double[] want = Reference.softmaxRows(x, rows, cols);
        Tensor tx = backend().of(x, shape);

        Tensor fresh = tx.softmaxRows();
        assertNotSame(tx, fresh);
        Checks.close("softmaxRows", shape, want, fresh.toFloatArray(), Tolerances.ROW_WISE);
        Tensor dest = backend().zeros(shape).fill(Float.NaN);
        assertSame(dest, tx.softmaxRows(dest));
        Checks.close("softmaxRows into dest", shape, want, dest.toFloatArray(), Tolerances.ROW_WISE);
        Checks.unchanged("softmaxRows", tx, x);
        assertSame(tx, tx.softmaxRows(tx));
        Checks.close("softmaxRows with dest == this", shape, want, tx.toFloatArray(), Tolerances.ROW_WISE);

        // each row sums to one
        double[] ones = new double[rows];
        java.util.Arrays.fill(ones, 1.0);
        Checks.close("softmaxRows row sums", shape, ones, tx.sumRows().toFloatArray(),
                Tolerances.reduction(cols, 1.0));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("matrices")
    void logSoftmaxRows(Shape shape) {
        int rows = shape.dim(0);
        int cols = shape.dim(1);
        float[] x = TestData.uniform(26, shape.size(), -8, 8);
        double[] want = Reference.logSoftmaxRows(x, rows, cols);
        Tensor tx = backend().of(x, shape);

        Checks.close("logSoftmaxRows", shape, want, tx.logSoftmaxRows().toFloatArray(), Tolerances.ROW_WISE);
        Tensor dest = backend().zeros(shape).fill(Float.NaN);
        assertSame(dest, tx.logSoftmaxRows(dest));
        Checks.close("logSoftmaxRows into dest", shape, want, dest.toFloatArray(), Tolerances.ROW_WISE);
        Checks.unchanged("logSoftmaxRows", tx, x);
        assertSame(tx, tx.logSoftmaxRows(tx));
        Checks.close("logSoftmaxRows with dest == this", shape, want, tx.toFloatArray(), Tolerances.ROW_WISE);
    }

    @Test
    void rowOpsOnAReshapedView() {
        // a rank-3 activation seen as [batch, features] through reshape: the common way layers use row ops
        float[] x = TestData.uniform(27, 2 * 3 * 5, -2, 2);
        Tensor t3 = backend().of(x, Shape.of(2, 3, 5));
        Tensor m = t3.reshape(Shape.of(2, 15));
        Checks.close("softmaxRows of a reshaped view", m.shape(), Reference.softmaxRows(x, 2, 15),
                m.softmaxRows().toFloatArray(), Tolerances.ROW_WISE);
        m.softmaxRows(m);
        Checks.close("softmaxRows in place through a view", t3.shape(), Reference.softmaxRows(x, 2, 15),
                t3.toFloatArray(), Tolerances.ROW_WISE);
    }
}
