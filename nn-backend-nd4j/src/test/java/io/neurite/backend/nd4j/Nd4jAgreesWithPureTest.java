package io.neurite.backend.nd4j;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.neurite.kernel.ElementwiseFunction;
import io.neurite.nn.GELU;
import io.neurite.nn.LeakyReLU;
import io.neurite.nn.ReLU;
import io.neurite.nn.SiLU;
import io.neurite.nn.Sigmoid;
import io.neurite.nn.Softplus;
import io.neurite.nn.Tanh;
import io.neurite.backend.pure.PureBackend;
import io.neurite.tensor.Backend;
import io.neurite.tensor.SeededRandom;
import io.neurite.tensor.Shape;
import io.neurite.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every Tensor op on the nd4j backend against the pure backend (the plain-loop reference) on the same
 * inputs: odd sizes, zeros, large magnitudes, NaN and infinities, and every way {@code dest} may alias an
 * operand. Error messages must be the pure backend's, word for word.
 *
 * <p>Tolerance: |nd4j - pure| <= 1e-5 + 1e-4 |pure|. libnd4j computes exp/log/tanh in float where the
 * pure backend rounds a double (a few ulps), and the pure backend computes {@code 1 - tanh²} in float,
 * whose cancellation near saturation costs up to ~2e-5 relative where this backend works in double.
 */
class Nd4jAgreesWithPureTest {
    static final Backend ND4J = Nd4jTestBackends.MAIN;
    static final Backend PURE = new PureBackend(1);

    /** An op on (x, y) that returns its result; y has x's shape; row is x's last dimension. */
    interface Op {
        Tensor apply(Tensor x, Tensor y, Tensor row);
    }

    static Stream<Arguments> ops() {
        List<Arguments> ops = new ArrayList<>();
        add(ops, "add", (x, y, r) -> x.add(y));
        add(ops, "add into x", (x, y, r) -> x.add(y, x));
        add(ops, "add into y", (x, y, r) -> x.add(y, y));
        add(ops, "add x to itself", (x, y, r) -> x.add(x, x));
        add(ops, "sub", (x, y, r) -> x.sub(y));
        add(ops, "sub into y", (x, y, r) -> x.sub(y, y));
        add(ops, "mul", (x, y, r) -> x.mul(y));
        add(ops, "mulInPlace", (x, y, r) -> x.mulInPlace(y));
        add(ops, "div", (x, y, r) -> x.div(y));
        add(ops, "divInPlace", (x, y, r) -> x.divInPlace(y));
        add(ops, "addScaledInPlace", (x, y, r) -> x.addScaledInPlace(-0.37f, y));
        add(ops, "addScaledInPlace self", (x, y, r) -> x.addScaledInPlace(0.5f, x));
        add(ops, "scale", (x, y, r) -> x.scale(-2.5f));
        add(ops, "scaleInPlace", (x, y, r) -> x.scaleInPlace(0.1f));
        add(ops, "addScalar", (x, y, r) -> x.addScalar(3.25f));
        add(ops, "addScalarInPlace", (x, y, r) -> x.addScalarInPlace(-1f));
        add(ops, "clamp", (x, y, r) -> x.clamp(-0.5f, 0.75f));
        add(ops, "clampInPlace", (x, y, r) -> x.clampInPlace(0f, 0f));
        add(ops, "maxScalar", (x, y, r) -> x.maxScalar(0.1f));
        add(ops, "exp", (x, y, r) -> x.exp());
        add(ops, "exp in place", (x, y, r) -> x.exp(x));
        add(ops, "log", (x, y, r) -> x.log());
        add(ops, "sqrt", (x, y, r) -> x.sqrt());
        add(ops, "square", (x, y, r) -> x.square());
        add(ops, "abs", (x, y, r) -> x.abs());
        add(ops, "relu", (x, y, r) -> fwd(ReLU.FUNCTION, x, x.newLike()));
        add(ops, "relu in place", (x, y, r) -> fwd(ReLU.FUNCTION, x, x));
        add(ops, "reluBackward", (x, y, r) -> bwd(ReLU.FUNCTION, x, y, x.newLike()));
        add(ops, "reluBackward into grad", (x, y, r) -> bwd(ReLU.FUNCTION, x, y, y));
        add(ops, "reluBackward into x", (x, y, r) -> bwd(ReLU.FUNCTION, x, y, x));
        add(ops, "leakyRelu", (x, y, r) -> fwd(new LeakyReLU(0.1f).function(), x, x.newLike()));
        add(ops, "leakyReluBackward", (x, y, r) -> bwd(new LeakyReLU(0.1f).function(), x, y, x.newLike()));
        add(ops, "leakyReluBackward into grad", (x, y, r) -> bwd(new LeakyReLU(0.2f).function(), x, y, y));
        add(ops, "sigmoid", (x, y, r) -> fwd(Sigmoid.FUNCTION, x, x.newLike()));
        add(ops, "sigmoidBackward", (x, y, r) -> bwd(Sigmoid.FUNCTION, x, y, x.newLike()));
        add(ops, "sigmoidBackward into grad", (x, y, r) -> bwd(Sigmoid.FUNCTION, x, y, y));
        add(ops, "sigmoidBackward into x", (x, y, r) -> bwd(Sigmoid.FUNCTION, x, y, x));
        add(ops, "tanh", (x, y, r) -> fwd(Tanh.FUNCTION, x, x.newLike()));
        add(ops, "tanhBackward", (x, y, r) -> bwd(Tanh.FUNCTION, x, y, x.newLike()));
        add(ops, "tanhBackward into grad", (x, y, r) -> bwd(Tanh.FUNCTION, x, y, y));
        add(ops, "gelu", (x, y, r) -> fwd(GELU.FUNCTION, x, x.newLike()));
        add(ops, "gelu in place", (x, y, r) -> fwd(GELU.FUNCTION, x, x));
        add(ops, "geluBackward", (x, y, r) -> bwd(GELU.FUNCTION, x, y, x.newLike()));
        add(ops, "geluBackward into grad", (x, y, r) -> bwd(GELU.FUNCTION, x, y, y));
        add(ops, "softplus", (x, y, r) -> fwd(Softplus.FUNCTION, x, x.newLike()));
        add(ops, "softplusBackward", (x, y, r) -> bwd(Softplus.FUNCTION, x, y, x.newLike()));
        add(ops, "silu", (x, y, r) -> fwd(SiLU.FUNCTION, x, x.newLike()));
        add(ops, "siluBackward into grad", (x, y, r) -> bwd(SiLU.FUNCTION, x, y, y));
        add(ops, "sumAlong 0", (x, y, r) -> x.sumAlong(0));
        add(ops, "sumAlong 1", (x, y, r) -> x.sumAlong(1));
        add(ops, "meanAlong 0", (x, y, r) -> x.meanAlong(0));
        add(ops, "varianceAlong 0", (x, y, r) -> x.varianceAlong(0));
        add(ops, "varianceAlong 1, 0", (x, y, r) -> x.varianceAlong(1, 0));
        add(ops, "addAlong 1", (x, y, r) -> x.addAlong(1, r));
        add(ops, "mulAlong 1 in place", (x, y, r) -> x.mulAlong(1, r, x));
        add(ops, "permute 1, 0", (x, y, r) -> x.permute(1, 0));
        add(ops, "fill", (x, y, r) -> x.fill(-7.5f));
        add(ops, "copyFrom tensor", (x, y, r) -> x.copyFrom(y));
        add(ops, "copy", (x, y, r) -> x.copy());
        add(ops, "reshape shares storage", (x, y, r) -> {
            Tensor flat = x.reshape(Shape.of(x.size()));
            flat.set(x.size() - 1, 123f);
            flat.scaleInPlace(2f);
            return x;
        });
        add(ops, "addRowVector", (x, y, r) -> x.addRowVector(r));
        add(ops, "addRowVectorInPlace", (x, y, r) -> x.addRowVectorInPlace(r));
        add(ops, "sumColumns", (x, y, r) -> x.sumColumns());
        add(ops, "sumRows", (x, y, r) -> x.sumRows());
        add(ops, "maxRows", (x, y, r) -> x.maxRows());
        add(ops, "softmaxRows", (x, y, r) -> x.softmaxRows());
        add(ops, "softmaxRows in place", (x, y, r) -> x.softmaxRows(x));
        add(ops, "logSoftmaxRows", (x, y, r) -> x.logSoftmaxRows());
        add(ops, "logSoftmaxRows in place", (x, y, r) -> x.logSoftmaxRows(x));
        add(ops, "argmaxRows", (x, y, r) -> {
            int[] idx = x.argmaxRows();
            float[] f = new float[idx.length];
            for (int i = 0; i < idx.length; i++) {
                f[i] = idx[i];
            }
            return x.backend().of(f, Shape.of(f.length));
        });
        add(ops, "whole reductions", (x, y, r) -> x.backend().of(
                new float[] {x.sum(), x.sumOfSquares(), x.max(), x.min(), x.mean()}, Shape.of(5)));
        return ops.stream();
    }

    private static Tensor fwd(ElementwiseFunction f, Tensor x, Tensor dest) {
        return x.backend().kernels().activations().forward(f, x, dest);
    }

    private static Tensor bwd(ElementwiseFunction f, Tensor x, Tensor gradOutput, Tensor dest) {
        return x.backend().kernels().activations().backward(f, x, gradOutput, dest);
    }

    private static void add(List<Arguments> ops, String name, Op op) {
        ops.add(Arguments.of(name, op));
    }

    /** Shapes with odd sizes; rank-2 ones exercise the row-wise ops. */
    static final Shape[] SHAPES = {Shape.of(1, 1), Shape.of(3, 7), Shape.of(17, 33), Shape.of(64, 10), Shape.of(5, 300)};

    @ParameterizedTest(name = "{0}")
    @MethodSource("ops")
    void agreesOnRandomData(String name, Op op) {
        for (Shape s : SHAPES) {
            compare(name, op, s, 11, false);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("ops")
    void agreesOnSpecialValues(String name, Op op) {
        compare(name, op, Shape.of(4, 9), 5, true);
    }

    private static void compare(String name, Op op, Shape s, long seed, boolean special) {
        SeededRandom random = new SeededRandom(seed ^ s.size());
        float[] x = random.normal(s.size(), 0f, 2f);
        float[] y = random.normal(s.size(), 0.5f, 1.5f);
        float[] row = random.normal(s.dim(-1), 0f, 1f);
        if (special) {
            float[] specials = {0f, -0f, 1e-30f, -1e-30f, 100f, -100f, 88.8f, -88.8f, 1000f, -1000f, 3.5f, 3.5f,
                    Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, 0.5f, -0.5f, 20f};
            for (int i = 0; i < x.length; i++) {
                x[i] = specials[i % specials.length];
                y[i] = specials[(i * 7 + 3) % specials.length];
            }
        }
        Tensor expected = op.apply(PURE.of(x, s), PURE.of(y, s), PURE.of(row, Shape.of(row.length)));
        Tensor actual = op.apply(ND4J.of(x, s), ND4J.of(y, s), ND4J.of(row, Shape.of(row.length)));
        assertEquals(expected.shape(), actual.shape(), name + ": shape");
        assertEquals("nd4j", actual.backend().name(), name + ": result backend");
        float[] e = expected.toFloatArray();
        float[] a = actual.toFloatArray();
        for (int i = 0; i < e.length; i++) {
            boolean ok = Float.isNaN(e[i]) ? Float.isNaN(a[i])
                    : Float.isInfinite(e[i]) ? e[i] == a[i]
                    : Math.abs(a[i] - e[i]) <= 1e-5f + 1e-4f * Math.abs(e[i]);
            if (!ok) {
                throw new AssertionError(name + " on " + s + (special ? " (special values)" : "") + " at " + i
                        + ": nd4j " + a[i] + " but pure " + e[i] + " (x=" + x[i] + ", y=" + y[i] + ")");
            }
        }
    }

    static Stream<Arguments> badCalls() {
        List<Arguments> calls = new ArrayList<>();
        BiFunction<String, Op, Arguments> c = (n, o) -> Arguments.of(n, o);
        calls.add(c.apply("add shapes", (x, y, r) -> x.add(y.reshape(Shape.of(y.size())))));
        calls.add(c.apply("add dest", (x, y, r) -> x.add(y, r)));
        calls.add(c.apply("copyFrom short array", (x, y, r) -> x.copyFrom(new float[3], 0)));
        calls.add(c.apply("copyFrom offset", (x, y, r) -> x.copyFrom(new float[x.size()], 1)));
        calls.add(c.apply("copyFrom wrong length", (x, y, r) -> x.copyFrom(new float[x.size() + 1])));
        calls.add(c.apply("reshape size", (x, y, r) -> x.reshape(Shape.of(x.size() + 1))));
        calls.add(c.apply("clamp order", (x, y, r) -> x.clamp(1f, 0f)));
        calls.add(c.apply("addRowVector row", (x, y, r) -> x.addRowVector(x)));
        calls.add(c.apply("sumColumns dest", (x, y, r) -> x.sumColumns(x)));
        calls.add(c.apply("sumRows rank", (x, y, r) -> r.sumRows()));
        calls.add(c.apply("maxRows dest", (x, y, r) -> x.maxRows(r)));
        calls.add(c.apply("softmaxRows rank", (x, y, r) -> r.softmaxRows()));
        calls.add(c.apply("logSoftmaxRows dest", (x, y, r) -> x.logSoftmaxRows(r)));
        calls.add(c.apply("matmul inner", (x, y, r) -> x.matmul(y)));
        calls.add(c.apply("matmul rank", (x, y, r) -> x.matmul(r)));
        calls.add(c.apply("gemm C shape", (x, y, r) -> {
            x.backend().gemm(1f, x, false, y, true, 0f, y);
            return x;
        }));
        calls.add(c.apply("gemm C is A", (x, y, r) -> {
            Tensor sq = x.backend().zeros(3, 3);
            x.backend().gemm(1f, sq, false, sq, false, 0f, sq);
            return x;
        }));
        calls.add(c.apply("of length", (x, y, r) -> x.backend().of(new float[5], Shape.of(2, 3))));
        return calls.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badCalls")
    void failsWithThePureBackendsMessage(String name, Op op) {
        float[] x = new float[12];
        float[] row = new float[4];
        Exception expected = assertThrows(IllegalArgumentException.class,
                () -> op.apply(PURE.of(x, 3, 4), PURE.of(x, 3, 4), PURE.of(row, 4)));
        Exception actual = assertThrows(IllegalArgumentException.class,
                () -> op.apply(ND4J.of(x, 3, 4), ND4J.of(x, 3, 4), ND4J.of(row, 4)));
        assertEquals(expected.getMessage(), actual.getMessage(), name);
    }

    @Test
    void refusesTensorsOfAnotherBackend() {
        Tensor n = ND4J.zeros(2, 2);
        Tensor p = PURE.zeros(2, 2);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> n.add(p));
        assertEquals("add: a tensor of backend 'pure' was passed to backend 'nd4j'; move it with tensor.to(backend)",
                e.getMessage());
        assertArrayEquals(new float[] {0, 0, 0, 0}, p.to(ND4J).toFloatArray());
    }

    @Test
    void gemmRefusesAViewOfItsOperandAsC() {
        Tensor a = ND4J.randomNormal(Shape.of(4, 4), 0f, 1f, 3);
        Tensor view = a.reshape(Shape.of(4, 4));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ND4J.gemm(1f, a, false, ND4J.zeros(4, 4), false, 0f, view));
        assertEquals("gemm: C [4, 4] shares storage with A [4, 4] (a reshaped view?); gemm writes C while reading A"
                + " and B, so pass a C with its own storage", e.getMessage());
    }
}
