package io.neurite.conformance;

import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.neurite.conformance.ElementwiseCases.Binary;
import io.neurite.conformance.ElementwiseCases.Unary;
import io.neurite.tensor.Backend;
import io.neurite.tensor.Shape;
import io.neurite.tensor.Tensor;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every element-wise operation of {@link Tensor} (arithmetic, scalar, unary, axpy; the activation
 * functions are kernels, see {@link ActivationKernelsConformanceTests}) against the double references of {@link ElementwiseCases}, on ranks 1 to 4 with odd
 * sizes and on large tensors, in all three forms: a new tensor, an explicit destination, and a destination
 * that aliases an operand. A backend runs it by subclassing and returning itself from {@link #backend()}.
 */
public abstract class TensorOpsConformanceTests {

    /** The backend under test. */
    protected abstract Backend backend();

    static Stream<Arguments> unaryCases() {
        return ElementwiseCases.UNARY.stream()
                .flatMap(c -> TestData.elementwiseShapes().stream().map(s -> Arguments.of(c, s)));
    }

    static Stream<Arguments> binaryCases() {
        return ElementwiseCases.BINARY.stream()
                .flatMap(c -> TestData.elementwiseShapes().stream().map(s -> Arguments.of(c, s)));
    }

    static Stream<Shape> shapes() {
        return TestData.elementwiseShapes().stream();
    }

    private static double[] reference(Unary c, float[] x) {
        double[] out = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            out[i] = c.reference().applyAsDouble(x[i]);
        }
        return out;
    }

    private static double[] reference(Binary c, float[] x, float[] y) {
        double[] out = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            out[i] = c.reference().applyAsDouble(x[i], y[i]);
        }
        return out;
    }

    /** A destination full of NaN: any element the op forgets to write shows up. */
    private Tensor poisoned(Shape shape) {
        return backend().zeros(shape).fill(Float.NaN);
    }

    // ---- unary: x -> dest ---------------------------------------------------------------------

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("unaryCases")
    void unaryIntoDestination(Unary c, Shape shape) {
        float[] x = c.input().draw(1, shape.size());
        Tensor tx = backend().of(x, shape);
        Tensor dest = poisoned(shape);
        assertSame(dest, c.intoDest().apply(tx, dest), c.name() + " must return its destination");
        Checks.close(c.name(), shape, reference(c, x), dest.toFloatArray(), c.tolerance());
        Checks.unchanged(c.name(), tx, x);
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("unaryCases")
    void unaryNewTensor(Unary c, Shape shape) {
        float[] x = c.input().draw(2, shape.size());
        Tensor tx = backend().of(x, shape);
        Tensor result = c.plain().apply(tx);
        assertNotSame(tx, result, c.name() + " (plain verb) must return a new tensor");
        assertSame(backend(), result.backend());
        Checks.close(c.name(), shape, reference(c, x), result.toFloatArray(), c.tolerance());
        Checks.unchanged(c.name(), tx, x);
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("unaryCases")
    void unaryInPlace(Unary c, Shape shape) {
        float[] x = c.input().draw(3, shape.size());
        Tensor tx = backend().of(x, shape);
        assertSame(tx, c.intoDest().apply(tx, tx));
        Checks.close(c.name() + " with dest == this", shape, reference(c, x), tx.toFloatArray(), c.tolerance());
    }

    // ---- binary: (x, y) -> dest ---------------------------------------------------------------

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("binaryCases")
    void binaryIntoDestination(Binary c, Shape shape) {
        float[] x = c.x().draw(4, shape.size());
        float[] y = c.y().draw(5, shape.size());
        Tensor tx = backend().of(x, shape);
        Tensor ty = backend().of(y, shape);
        Tensor dest = poisoned(shape);
        assertSame(dest, c.intoDest().apply(tx, ty, dest), c.name() + " must return its destination");
        Checks.close(c.name(), shape, reference(c, x, y), dest.toFloatArray(), c.tolerance());
        Checks.unchanged(c.name(), tx, x);
        Checks.unchanged(c.name(), ty, y);
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("binaryCases")
    void binaryNewTensor(Binary c, Shape shape) {
        if (c.plain() == null) {
            return; // the activation derivatives only come with a destination
        }
        float[] x = c.x().draw(6, shape.size());
        float[] y = c.y().draw(7, shape.size());
        Tensor tx = backend().of(x, shape);
        Tensor ty = backend().of(y, shape);
        Tensor result = c.plain().apply(tx, ty);
        assertNotSame(tx, result);
        assertNotSame(ty, result);
        Checks.close(c.name(), shape, reference(c, x, y), result.toFloatArray(), c.tolerance());
        Checks.unchanged(c.name(), tx, x);
        Checks.unchanged(c.name(), ty, y);
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("binaryCases")
    void binaryDestinationIsThis(Binary c, Shape shape) {
        float[] x = c.x().draw(8, shape.size());
        float[] y = c.y().draw(9, shape.size());
        Tensor tx = backend().of(x, shape);
        Tensor ty = backend().of(y, shape);
        assertSame(tx, c.intoDest().apply(tx, ty, tx));
        Checks.close(c.name() + " with dest == this", shape, reference(c, x, y), tx.toFloatArray(), c.tolerance());
        Checks.unchanged(c.name(), ty, y);
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("binaryCases")
    void binaryDestinationIsOperand(Binary c, Shape shape) {
        float[] x = c.x().draw(10, shape.size());
        float[] y = c.y().draw(11, shape.size());
        Tensor tx = backend().of(x, shape);
        Tensor ty = backend().of(y, shape);
        assertSame(ty, c.intoDest().apply(tx, ty, ty));
        Checks.close(c.name() + " with dest == operand", shape, reference(c, x, y), ty.toFloatArray(),
                c.tolerance());
        Checks.unchanged(c.name(), tx, x);
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("binaryCases")
    void binaryAllThreeTheSameTensor(Binary c, Shape shape) {
        float[] y = c.y().draw(12, shape.size()); // y's range is valid for both arguments (divisors avoid 0)
        Tensor t = backend().of(y, shape);
        c.intoDest().apply(t, t, t);
        Checks.close(c.name() + " with x == y == dest", shape, reference(c, y, y), t.toFloatArray(), c.tolerance());
    }

    // ---- the InPlace conveniences and axpy ------------------------------------------------------

    @ParameterizedTest(name = "{0}")
    @MethodSource("shapes")
    void inPlaceConveniencesOverwriteThis(Shape shape) {
        float[] x = TestData.uniform(13, shape.size(), -2, 2);
        float[] y = TestData.awayFromZero(14, shape.size(), 0.25, 4);
        Tensor ty = backend().of(y, shape);
        double[] want = new double[x.length];

        Tensor t = backend().of(x, shape);
        assertSame(t, t.addInPlace(ty));
        for (int i = 0; i < x.length; i++) {
            want[i] = (double) x[i] + y[i];
        }
        Checks.close("addInPlace", shape, want, t.toFloatArray(), Tolerances.ARITHMETIC);

        t = backend().of(x, shape);
        assertSame(t, t.subInPlace(ty));
        for (int i = 0; i < x.length; i++) {
            want[i] = (double) x[i] - y[i];
        }
        Checks.close("subInPlace", shape, want, t.toFloatArray(), Tolerances.ARITHMETIC);

        t = backend().of(x, shape);
        assertSame(t, t.mulInPlace(ty));
        for (int i = 0; i < x.length; i++) {
            want[i] = (double) x[i] * y[i];
        }
        Checks.close("mulInPlace", shape, want, t.toFloatArray(), Tolerances.ARITHMETIC);

        t = backend().of(x, shape);
        assertSame(t, t.divInPlace(ty));
        for (int i = 0; i < x.length; i++) {
            want[i] = (double) x[i] / y[i];
        }
        Checks.close("divInPlace", shape, want, t.toFloatArray(), Tolerances.ARITHMETIC);

        t = backend().of(x, shape);
        assertSame(t, t.scaleInPlace(0.5f));
        assertSame(t, t.addScalarInPlace(-1f));
        assertSame(t, t.clampInPlace(-1.25f, 0f));
        for (int i = 0; i < x.length; i++) {
            want[i] = Math.min(Math.max(x[i] * 0.5 - 1, -1.25), 0);
        }
        Checks.close("scaleInPlace, addScalarInPlace, clampInPlace", shape, want, t.toFloatArray(),
                Tolerances.ARITHMETIC);
        Checks.unchanged("the InPlace ops", ty, y);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("shapes")
    void addScaledInPlaceIsAxpy(Shape shape) {
        float[] x = TestData.uniform(15, shape.size(), -2, 2);
        float[] y = TestData.uniform(16, shape.size(), -2, 2);
        Tensor tx = backend().of(x, shape);
        Tensor ty = backend().of(y, shape);
        assertSame(ty, ty.addScaledInPlace(-0.37f, tx));
        double[] want = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            want[i] = y[i] + (double) -0.37f * x[i];
        }
        Checks.close("addScaledInPlace", shape, want, ty.toFloatArray(), Tolerances.ARITHMETIC);
        Checks.unchanged("addScaledInPlace", tx, x);

        // x += alpha * x, the operand aliasing this
        tx.addScaledInPlace(2f, tx);
        for (int i = 0; i < x.length; i++) {
            want[i] = 3.0 * x[i];
        }
        Checks.close("addScaledInPlace with x == this", shape, want, tx.toFloatArray(), Tolerances.ARITHMETIC);
    }
}
