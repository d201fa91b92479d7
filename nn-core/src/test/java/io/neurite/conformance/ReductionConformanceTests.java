package io.neurite.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.neurite.tensor.Backend;
import io.neurite.tensor.Shape;
import io.neurite.tensor.Tensor;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The whole-tensor reductions {@code sum}, {@code sumOfSquares}, {@code mean}, {@code max}, {@code min}. */
public abstract class ReductionConformanceTests {

    /** The backend under test. */
    protected abstract Backend backend();

    static Stream<Shape> shapes() {
        return TestData.elementwiseShapes().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("shapes")
    void reductionsMatchTheReference(Shape shape) {
        int n = shape.size();
        float[] x = TestData.uniform(30, n, -2, 3);
        double sum = 0;
        double abs = 0;
        double squares = 0;
        double max = Double.NEGATIVE_INFINITY;
        double min = Double.POSITIVE_INFINITY;
        for (float v : x) {
            sum += v;
            abs += Math.abs(v);
            squares += (double) v * v;
            max = Math.max(max, v);
            min = Math.min(min, v);
        }
        Tensor t = backend().of(x, shape);
        // the contract accumulates in double, so the bound does not grow with n: a few float roundings
        Tolerance sumTolerance = new Tolerance(1e-6 + 4 * Tolerances.FLOAT_EPSILON * abs, 0);
        assertClose("sum", shape, sum, t.sum(), sumTolerance);
        assertClose("mean", shape, sum / n, t.mean(), new Tolerance(sumTolerance.absolute() / n, 0));
        assertClose("sumOfSquares", shape, squares, t.sumOfSquares(),
                new Tolerance(1e-6 + 4 * Tolerances.FLOAT_EPSILON * squares, 0));
        assertEquals((float) max, t.max(), "max on " + shape);
        assertEquals((float) min, t.min(), "min on " + shape);
        Checks.unchanged("the reductions", t, x);
    }

    @Test
    void sumIsAccumulatedInDoublePrecision() {
        // 2^24 + many ones: float accumulation would stall at 16777216 and lose every 1
        int n = 1 << 20;
        float[] x = new float[n];
        java.util.Arrays.fill(x, 1f);
        x[0] = 1 << 24;
        Tensor t = backend().of(x, Shape.of(n));
        assertEquals((float) ((1 << 24) + n - 1.0), t.sum(), "sum of 2^24 followed by 2^20 - 1 ones");
    }

    @Test
    void extremesOfSingleElementsAndNegativeTensors() {
        Tensor one = backend().of(new float[] {-7.5f}, Shape.of(1));
        assertEquals(-7.5f, one.max());
        assertEquals(-7.5f, one.min());
        assertEquals(-7.5f, one.sum());
        assertEquals(56.25f, one.sumOfSquares());
        Tensor negative = backend().full(Shape.of(3, 17), -3f);
        assertEquals(-3f, negative.max(), "max of an all-negative tensor");
        Tensor positive = backend().full(Shape.of(3, 17), 3f);
        assertEquals(3f, positive.min(), "min of an all-positive tensor");
    }

    private static void assertClose(String op, Shape shape, double expected, float actual, Tolerance tolerance) {
        if (!tolerance.accepts(expected, actual)) {
            throw new AssertionError(op + " on " + shape + ": expected " + expected + " but got " + actual
                    + " (allowed difference " + tolerance.allowed(expected) + ")");
        }
    }
}
