package io.neurite.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.neurite.tensor.Backend;
import io.neurite.tensor.Shape;
import io.neurite.tensor.Tensor;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The Tensor operations along axes — {@code sumAlong}, {@code meanAlong}, {@code varianceAlong},
 * {@code addAlong}, {@code mulAlong}, {@code permute} — and reshape views at rank 4, against plain double
 * references that walk every multi-index, on ranks 1 to 4 with odd sizes and on tensors large enough to be
 * split over threads; plus the shape errors.
 */
public abstract class AxisOpsConformanceTests {

    /** The backend under test. */
    protected abstract Backend backend();

    record Reduction(Shape shape, int[] axes) {
        @Override
        public String toString() {
            return shape + " over " + Arrays.toString(axes);
        }
    }

    static Stream<Reduction> reductions() {
        return Stream.of(
                new Reduction(Shape.of(7), new int[] {0}),
                new Reduction(Shape.of(3, 5), new int[] {0}),
                new Reduction(Shape.of(3, 5), new int[] {1}),
                new Reduction(Shape.of(3, 5), new int[] {1, 0}),
                new Reduction(Shape.of(2, 3, 5), new int[] {0, 2}),
                new Reduction(Shape.of(2, 3, 5), new int[] {1}),
                new Reduction(Shape.of(4, 3, 5, 7), new int[] {0, 2, 3}),
                new Reduction(Shape.of(4, 3, 5, 7), new int[] {1}),
                new Reduction(Shape.of(4, 3, 5, 7), new int[] {3}),
                new Reduction(Shape.of(4, 3, 5, 7), new int[] {0}),
                new Reduction(Shape.of(4, 3, 5, 7), new int[] {0, 1, 2, 3}),
                new Reduction(Shape.of(1, 3, 1, 17), new int[] {0, 2, 3}),
                new Reduction(Shape.of(129, 33), new int[] {0}),
                new Reduction(Shape.of(16, 9, 13, 17), new int[] {0, 2, 3}),
                // large enough to be split over threads along a kept axis
                new Reduction(Shape.of(8, 16, 33, 35), new int[] {0, 2, 3}),
                new Reduction(Shape.of(300, 517), new int[] {0}),
                new Reduction(Shape.of(300, 517), new int[] {1}),
                new Reduction(Shape.of(300, 517), new int[] {0, 1}));
    }

    /** Row-major strides of {@code dims}. */
    private static int[] strides(int[] dims) {
        int[] s = new int[dims.length];
        int stride = 1;
        for (int a = dims.length - 1; a >= 0; a--) {
            s[a] = stride;
            stride *= dims[a];
        }
        return s;
    }

    /** The multi-index of row-major position {@code flat}. */
    private static int[] index(int flat, int[] dims) {
        int[] idx = new int[dims.length];
        for (int a = dims.length - 1; a >= 0; a--) {
            idx[a] = flat % dims[a];
            flat /= dims[a];
        }
        return idx;
    }

    /** Position in the reduced result of the element at {@code idx}: its kept indices, row-major. */
    private static int reducedPosition(int[] idx, int[] dims, int[] axes) {
        int pos = 0;
        for (int a = 0; a < dims.length; a++) {
            final int axis = a;
            if (Arrays.stream(axes).noneMatch(r -> r == axis)) {
                pos = pos * dims[a] + idx[a];
            }
        }
        return pos;
    }

    private static Shape reducedShape(Shape shape, int[] axes) {
        int[] kept = new int[shape.rank()];
        int k = 0;
        for (int a = 0; a < shape.rank(); a++) {
            final int axis = a;
            if (Arrays.stream(axes).noneMatch(r -> r == axis)) {
                kept[k++] = shape.dim(a);
            }
        }
        return k == 0 ? Shape.of(1) : Shape.of(Arrays.copyOf(kept, k));
    }

    private Tensor poisoned(Shape shape) {
        return backend().zeros(shape).fill(Float.NaN);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("reductions")
    void sumMeanAndVarianceAlongAxes(Reduction r) {
        Shape shape = r.shape();
        int[] dims = shape.dims();
        float[] x = TestData.uniform(31, shape.size(), 1, 3); // away from 0, so a variance has a mean to cancel
        Shape out = reducedShape(shape, r.axes());
        double[] sum = new double[out.size()];
        double[] magnitude = new double[out.size()];
        double[] squares = new double[out.size()];
        int[] position = new int[x.length];
        for (int i = 0; i < x.length; i++) {
            position[i] = reducedPosition(index(i, dims), dims, r.axes());
            sum[position[i]] += x[i];
            magnitude[position[i]] += Math.abs(x[i]);
            squares[position[i]] += (double) x[i] * x[i];
        }
        int count = x.length / out.size();
        double[] mean = new double[out.size()];
        double[] variance = new double[out.size()];
        for (int o = 0; o < out.size(); o++) {
            mean[o] = sum[o] / count;
        }
        for (int i = 0; i < x.length; i++) {
            double dev = x[i] - mean[position[i]];
            variance[position[i]] += dev * dev / count;
        }
        double maxMagnitude = Arrays.stream(magnitude).max().orElse(0);
        double maxSquares = Arrays.stream(squares).max().orElse(0);
        Tensor tx = backend().of(x, shape);

        Tensor dest = poisoned(out);
        assertSame(dest, tx.sumAlong(r.axes(), dest));
        Checks.close("sumAlong " + r, out, sum, dest.toFloatArray(), Tolerances.reduction(count, maxMagnitude));

        dest = poisoned(out);
        assertSame(dest, tx.meanAlong(r.axes(), dest));
        Checks.close("meanAlong " + r, out, mean, dest.toFloatArray(),
                Tolerances.reduction(count, maxMagnitude / count));

        dest = poisoned(out);
        assertSame(dest, tx.varianceAlong(r.axes(), dest));
        // a one-pass float algorithm is as accurate as the squares it sums; two passes in double do better
        Checks.close("varianceAlong " + r, out, variance, dest.toFloatArray(),
                Tolerances.reduction(count, maxSquares / count));

        Tensor plain = tx.sumAlong(r.axes());
        assertEquals(out, plain.shape(), "sumAlong's new tensor");
        Checks.close("sumAlong (new tensor) " + r, out, sum, plain.toFloatArray(),
                Tolerances.reduction(count, maxMagnitude));
        assertEquals(out, tx.meanAlong(r.axes()).shape());
        assertEquals(out, tx.varianceAlong(r.axes()).shape());
        Checks.unchanged("the reductions", tx, x);
    }

    @Test
    void varianceDividesByTheCountNotByCountMinusOne() {
        Tensor x = backend().of(new float[] {1, 2, 3, 10, 20, 30}, 2, 3);
        float[] v = x.varianceAlong(1).toFloatArray();
        assertEquals(2.0 / 3.0, v[0], 1e-6, "population variance of 1, 2, 3");
        assertEquals(200.0 / 3.0, v[1], 1e-4, "population variance of 10, 20, 30");
        float[] columns = x.meanAlong(0).toFloatArray();
        assertEquals(5.5f, columns[0], 1e-6);
        assertEquals(16.5f, columns[2], 1e-6);
    }

    record Along(Shape shape, int axis) {
        @Override
        public String toString() {
            return shape + " along " + axis;
        }
    }

    static Stream<Along> broadcasts() {
        return Stream.of(new Along(Shape.of(7), 0), new Along(Shape.of(3, 5), 0), new Along(Shape.of(3, 5), 1),
                new Along(Shape.of(2, 3, 5), 1), new Along(Shape.of(2, 3, 5), 2), new Along(Shape.of(4, 3, 5, 7), 1),
                new Along(Shape.of(4, 3, 5, 7), 0), new Along(Shape.of(4, 3, 5, 7), 3),
                new Along(Shape.of(1, 17, 1, 1), 1), new Along(Shape.of(5, 7, 129, 33), 1),
                new Along(Shape.of(5, 7, 129, 33), 3));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("broadcasts")
    void addAndMulAlongAnAxis(Along c) {
        Shape shape = c.shape();
        int[] dims = shape.dims();
        float[] x = TestData.uniform(32, shape.size(), -2, 2);
        float[] v = TestData.uniform(33, dims[c.axis()], -2, 2);
        double[] sum = new double[x.length];
        double[] product = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            float vi = v[index(i, dims)[c.axis()]];
            sum[i] = (double) x[i] + vi;
            product[i] = (double) x[i] * vi;
        }
        Tensor tx = backend().of(x, shape);
        Tensor tv = backend().of(v, Shape.of(v.length));

        Tensor dest = poisoned(shape);
        assertSame(dest, tx.addAlong(c.axis(), tv, dest));
        Checks.close("addAlong " + c, shape, sum, dest.toFloatArray(), Tolerances.ARITHMETIC);
        dest = poisoned(shape);
        assertSame(dest, tx.mulAlong(c.axis(), tv, dest));
        Checks.close("mulAlong " + c, shape, product, dest.toFloatArray(), Tolerances.ARITHMETIC);
        Checks.close("addAlong (new tensor) " + c, shape, sum, tx.addAlong(c.axis(), tv).toFloatArray(),
                Tolerances.ARITHMETIC);
        Checks.unchanged("addAlong and mulAlong", tx, x);
        Checks.unchanged("addAlong and mulAlong", tv, v);

        assertSame(tx, tx.mulAlong(c.axis(), tv, tx));
        Checks.close("mulAlong with dest == this " + c, shape, product, tx.toFloatArray(), Tolerances.ARITHMETIC);
    }

    record Permutation(Shape shape, int[] order) {
        @Override
        public String toString() {
            return shape + " to " + Arrays.toString(order);
        }
    }

    static Stream<Permutation> permutations() {
        return Stream.of(new Permutation(Shape.of(7), new int[] {0}),
                new Permutation(Shape.of(3, 5), new int[] {1, 0}),
                new Permutation(Shape.of(2, 3, 5), new int[] {2, 0, 1}),
                new Permutation(Shape.of(4, 3, 5, 7), new int[] {0, 2, 3, 1}),
                new Permutation(Shape.of(4, 3, 5, 7), new int[] {3, 2, 1, 0}),
                new Permutation(Shape.of(4, 3, 5, 7), new int[] {1, 0, 2, 3}),
                new Permutation(Shape.of(4, 3, 5, 7), new int[] {0, 1, 2, 3}),
                new Permutation(Shape.of(5, 7, 129, 33), new int[] {0, 3, 1, 2}));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("permutations")
    void permuteMovesEveryElementToItsPermutedIndex(Permutation p) {
        Shape shape = p.shape();
        int[] dims = shape.dims();
        int[] outDims = new int[dims.length];
        for (int k = 0; k < dims.length; k++) {
            outDims[k] = dims[p.order()[k]];
        }
        int[] outStrides = strides(outDims);
        float[] x = TestData.uniform(34, shape.size(), -2, 2);
        float[] want = new float[x.length];
        for (int i = 0; i < x.length; i++) {
            int[] idx = index(i, dims);
            int o = 0;
            for (int k = 0; k < dims.length; k++) {
                o += idx[p.order()[k]] * outStrides[k];
            }
            want[o] = x[i];
        }
        Tensor tx = backend().of(x, shape);
        Tensor dest = poisoned(Shape.of(outDims));
        assertSame(dest, tx.permute(p.order(), dest));
        Checks.identical("permute " + p, want, dest.toFloatArray());
        Checks.identical("permute (new tensor) " + p, want, tx.permute(p.order()).toFloatArray());
        Checks.unchanged("permute", tx, x);
    }

    @Test
    void reshapeViewsAtRankFourShareStorage() {
        float[] x = TestData.uniform(35, 4 * 3 * 5 * 7, -2, 2);
        Tensor nchw = backend().of(x, 4, 3, 5, 7);
        Tensor matrix = nchw.reshape(Shape.of(12, 35));
        Tensor back = matrix.reshape(Shape.of(4, 3, 35)).reshape(Shape.of(4, 3, 5, 7));
        assertEquals(Shape.of(12, 35), matrix.shape());
        Checks.identical("a rank-4 tensor viewed as [12, 35]", x, matrix.toFloatArray());
        matrix.scaleInPlace(2f);
        back.set(4 * 3 * 5 * 7 - 1, 99f);
        float[] got = nchw.toFloatArray();
        for (int i = 0; i < x.length - 1; i++) {
            assertEquals(2f * x[i], got[i], "a write through a view must reach the original at " + i);
        }
        assertEquals(99f, got[x.length - 1]);
        // per-channel maths on the view agrees with the rank-4 original
        Checks.identical("sumAlong on a view", nchw.sumAlong(0, 2, 3).toFloatArray(),
                back.sumAlong(0, 2, 3).toFloatArray());
    }

    @Test
    void badAxesAndShapesAreRejectedWithTheOpTheShapesAndAFix() {
        Tensor x = backend().zeros(8, 3, 5, 5);
        Checks.rejects(() -> x.sumAlong(4), "sumAlong", "axis 4", "[8, 3, 5, 5]", "0 to 3");
        Checks.rejects(() -> x.meanAlong(0, 0), "meanAlong", "axis 0", "twice");
        Checks.rejects(() -> x.varianceAlong(new int[0], backend().zeros(3)), "varianceAlong", "no axes");
        Checks.rejects(() -> x.sumAlong(new int[] {0, 2, 3}, backend().zeros(5)), "sumAlong", "[5]", "[3]");
        Checks.rejects(() -> x.addAlong(1, backend().zeros(5)), "addAlong", "[8, 3, 5, 5]", "[3]", "[5]");
        Checks.rejects(() -> x.mulAlong(4, backend().zeros(3)), "mulAlong", "axis 4", "[8, 3, 5, 5]");
        Checks.rejects(() -> x.addAlong(1, backend().zeros(3), backend().zeros(8, 3, 25)), "addAlong",
                "[8, 3, 25]", "[8, 3, 5, 5]");
        Checks.rejects(() -> x.permute(0, 2, 1), "permute", "[0, 2, 1]", "[8, 3, 5, 5]");
        Checks.rejects(() -> x.permute(0, 1, 1, 2), "permute", "not a permutation", "[8, 3, 5, 5]");
        Checks.rejects(() -> x.permute(new int[] {0, 2, 3, 1}, backend().zeros(8, 3, 5, 5)), "permute",
                "[8, 3, 5, 5]", "[8, 5, 5, 3]");
        Tensor square = backend().zeros(4, 4);
        Checks.rejects(() -> square.permute(new int[] {1, 0}, square), "permute", "shares storage");
        Checks.rejects(() -> square.permute(new int[] {1, 0}, square.reshape(Shape.of(4, 4))), "permute",
                "shares storage");
    }
}
