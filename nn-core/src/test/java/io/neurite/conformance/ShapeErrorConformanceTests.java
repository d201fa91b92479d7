package io.neurite.conformance;

import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import io.neurite.conformance.ElementwiseCases.Binary;
import io.neurite.conformance.ElementwiseCases.Unary;
import io.neurite.nn.ReLU;
import io.neurite.tensor.Backend;
import io.neurite.tensor.Shape;
import io.neurite.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Every shape error: mismatched operands, wrong destinations, rank-2-only operations on other ranks, bad
 * row vectors, every gemm mistake, bad copies and reshapes. Each must be an
 * {@link IllegalArgumentException} whose message names the operation and the shapes involved, e.g.
 * {@code matmul: A is [128, 784] but B is [256, 10]; inner dimensions 784 != 256}.
 */
public abstract class ShapeErrorConformanceTests {

    /** The backend under test. */
    protected abstract Backend backend();

    /** Another backend instance whose tensors this one must refuse, or null to skip that test. */
    protected Backend otherBackend() {
        return null;
    }

    private Tensor t(int... dims) {
        return backend().full(Shape.of(dims), 0.5f);
    }

    @TestFactory
    List<DynamicTest> elementwiseOperandsMustHaveEqualShapes() {
        List<DynamicTest> tests = new ArrayList<>();
        for (Binary c : ElementwiseCases.BINARY) {
            String op = c.name().replaceAll("\\(.*", "");
            tests.add(dynamicTest(c.name(), () -> Checks.rejects(
                    () -> c.intoDest().apply(t(2, 3), t(3, 2), t(2, 3)), op, "[2, 3]", "[3, 2]")));
            tests.add(dynamicTest(c.name() + " rank 1 vs rank 2", () -> Checks.rejects(
                    () -> c.intoDest().apply(t(6), t(2, 3), t(6)), op, "[6]", "[2, 3]")));
        }
        tests.add(dynamicTest("addScaledInPlace", () -> Checks.rejects(
                () -> t(2, 3, 4).addScaledInPlace(1f, t(2, 3, 5)), "addScaledInPlace", "[2, 3, 4]", "[2, 3, 5]")));
        tests.add(dynamicTest("addInPlace", () -> Checks.rejects(
                () -> t(4).addInPlace(t(5)), "add", "[4]", "[5]")));
        tests.add(dynamicTest("copyFrom(Tensor)", () -> Checks.rejects(
                () -> t(2, 3).copyFrom(t(3, 2)), "copyFrom", "[2, 3]", "[3, 2]")));
        return tests;
    }

    @TestFactory
    List<DynamicTest> destinationMustHaveTheResultShape() {
        List<DynamicTest> tests = new ArrayList<>();
        for (Unary c : ElementwiseCases.UNARY) {
            String op = c.name().replaceAll("\\(.*", "");
            tests.add(dynamicTest(c.name(), () -> Checks.rejects(
                    () -> c.intoDest().apply(t(3, 4), t(4, 3)), op, "[3, 4]", "[4, 3]")));
        }
        for (Binary c : ElementwiseCases.BINARY) {
            String op = c.name().replaceAll("\\(.*", "");
            tests.add(dynamicTest(c.name(), () -> Checks.rejects(
                    () -> c.intoDest().apply(t(3, 4), t(3, 4), t(12)), op, "[3, 4]", "[12]")));
        }
        tests.add(dynamicTest("addRowVector", () -> Checks.rejects(
                () -> t(3, 4).addRowVector(t(4), t(4, 3)), "addRowVector", "[3, 4]", "[4, 3]")));
        tests.add(dynamicTest("softmaxRows", () -> Checks.rejects(
                () -> t(3, 4).softmaxRows(t(3, 5)), "softmaxRows", "[3, 4]", "[3, 5]")));
        tests.add(dynamicTest("logSoftmaxRows", () -> Checks.rejects(
                () -> t(3, 4).logSoftmaxRows(t(4, 4)), "logSoftmaxRows", "[3, 4]", "[4, 4]")));
        tests.add(dynamicTest("sumColumns", () -> Checks.rejects(
                () -> t(3, 4).sumColumns(t(3)), "sumColumns", "[4]", "[3]")));
        tests.add(dynamicTest("sumColumns rank-2 dest", () -> Checks.rejects(
                () -> t(3, 4).sumColumns(t(1, 4)), "sumColumns", "[4]", "[1, 4]")));
        tests.add(dynamicTest("sumRows", () -> Checks.rejects(
                () -> t(3, 4).sumRows(t(4)), "sumRows", "[3]", "[4]")));
        tests.add(dynamicTest("maxRows", () -> Checks.rejects(
                () -> t(3, 4).maxRows(t(3, 1)), "maxRows", "[3]", "[3, 1]")));
        return tests;
    }

    @TestFactory
    List<DynamicTest> rowOperationsNeedRankTwo() {
        List<DynamicTest> tests = new ArrayList<>();
        int[][] notMatrices = {{12}, {2, 3, 2}, {2, 1, 3, 2}};
        for (int[] dims : notMatrices) {
            Shape s = Shape.of(dims);
            List<Object[]> ops = List.of(
                    new Object[] {"addRowVector", (Function<Tensor, Object>) x -> x.addRowVector(t(2))},
                    new Object[] {"addRowVector", (Function<Tensor, Object>) x -> x.addRowVector(t(2), x.newLike())},
                    new Object[] {"sumColumns", (Function<Tensor, Object>) x -> x.sumColumns()},
                    new Object[] {"sumColumns", (Function<Tensor, Object>) x -> x.sumColumns(t(2))},
                    new Object[] {"sumRows", (Function<Tensor, Object>) x -> x.sumRows()},
                    new Object[] {"sumRows", (Function<Tensor, Object>) x -> x.sumRows(t(2))},
                    new Object[] {"maxRows", (Function<Tensor, Object>) x -> x.maxRows()},
                    new Object[] {"maxRows", (Function<Tensor, Object>) x -> x.maxRows(t(2))},
                    new Object[] {"argmaxRows", (Function<Tensor, Object>) Tensor::argmaxRows},
                    new Object[] {"softmaxRows", (Function<Tensor, Object>) x -> x.softmaxRows()},
                    new Object[] {"softmaxRows", (Function<Tensor, Object>) x -> x.softmaxRows(x)},
                    new Object[] {"logSoftmaxRows", (Function<Tensor, Object>) x -> x.logSoftmaxRows()},
                    new Object[] {"logSoftmaxRows", (Function<Tensor, Object>) x -> x.logSoftmaxRows(x)});
            for (Object[] op : ops) {
                String name = (String) op[0];
                @SuppressWarnings("unchecked")
                Function<Tensor, Object> f = (Function<Tensor, Object>) op[1];
                tests.add(dynamicTest(name + " on " + s, () -> Checks.rejects(
                        () -> f.apply(backend().zeros(s)), name, s.toString())));
            }
        }
        return tests;
    }

    @Test
    void rowVectorMustMatchTheColumns() {
        Checks.rejects(() -> t(3, 4).addRowVector(t(3)), "addRowVector", "[3, 4]", "[4]", "[3]");
        Checks.rejects(() -> t(3, 4).addRowVector(t(1, 4)), "addRowVector", "[3, 4]", "[1, 4]");
    }

    @Test
    void matmulInnerDimensionMismatchNamesBothShapes() {
        Checks.rejects(() -> t(128, 784).matmul(t(256, 10)),
                "matmul: A is [128, 784] but B is [256, 10]; inner dimensions 784 != 256");
        Checks.rejects(() -> backend().matmul(t(3, 5), t(3, 5)), "matmul", "[3, 5]", "5 != 3");
    }

    @Test
    void gemmInnerDimensionMismatchForEveryTransposeCombination() {
        // op(A) is [m, k] and op(B) is [k', n]; the message shows op(A) and op(B) as multiplied
        Checks.rejects(() -> backend().gemm(1f, t(4, 6), false, t(5, 7), false, 0f, t(4, 7)),
                "gemm", "[4, 6]", "[5, 7]", "6 != 5");
        Checks.rejects(() -> backend().gemm(1f, t(6, 4), true, t(5, 7), false, 0f, t(4, 7)),
                "gemm", "[4, 6]", "[5, 7]", "6 != 5");
        Checks.rejects(() -> backend().gemm(1f, t(4, 6), false, t(7, 5), true, 0f, t(4, 7)),
                "gemm", "[4, 6]", "[5, 7]", "6 != 5");
        Checks.rejects(() -> backend().gemm(1f, t(6, 4), true, t(7, 5), true, 0f, t(4, 7)),
                "gemm", "[4, 6]", "[5, 7]", "6 != 5");
    }

    @Test
    void gemmDestinationAndRankErrors() {
        Checks.rejects(() -> backend().gemm(1f, t(4, 6), false, t(6, 7), false, 0f, t(7, 4)),
                "gemm", "[7, 4]", "[4, 7]");
        Checks.rejects(() -> backend().gemm(1f, t(6, 4), true, t(7, 6), true, 1f, t(4, 6)),
                "gemm", "[4, 6]", "[4, 7]");
        Checks.rejects(() -> backend().gemm(1f, t(4, 6), false, t(6, 7), false, 0f, t(28)),
                "gemm", "[28]", "[4, 7]");
        Checks.rejects(() -> backend().gemm(1f, t(24), false, t(6, 7), false, 0f, t(4, 7)),
                "gemm", "[24]", "[6, 7]", "rank 2");
        Checks.rejects(() -> backend().gemm(1f, t(4, 6), false, t(2, 3, 7), false, 0f, t(4, 7)),
                "gemm", "[4, 6]", "[2, 3, 7]", "rank 2");
        Checks.rejects(() -> t(2, 3, 4).matmul(t(4, 2)), "matmul", "[2, 3, 4]", "rank 2");
        Tensor square = t(5, 5);
        Checks.rejects(() -> backend().gemm(1f, square, false, t(5, 5), false, 0f, square), "gemm", "C");
    }

    @Test
    void copiesAndReshapesWithTheWrongSize() {
        Checks.rejects(() -> t(2, 3).copyFrom(new float[5]), "copyFrom", "5", "[2, 3]");
        Checks.rejects(() -> t(2, 3).copyFrom(new float[8], 3), "copyFrom", "6", "8");
        Checks.rejects(() -> backend().of(new float[5], Shape.of(2, 3)), "5", "[2, 3]");
        Checks.rejects(() -> t(2, 3).reshape(Shape.of(7)), "reshape", "[2, 3]", "[7]");
        Checks.rejects(() -> t(2, 3).clamp(1f, -1f), "clamp", "1.0", "-1.0");
    }

    @Test
    void tensorsOfAnotherBackendAreRefused() {
        Backend other = otherBackend();
        Assumptions.assumeTrue(other != null, "no second backend configured");
        Tensor foreign = other.zeros(Shape.of(2, 3));
        Checks.rejects(() -> t(2, 3).add(foreign), "add", "tensor.to(backend)");
        Checks.rejects(() -> t(2, 3).add(t(2, 3), foreign), "add");
        Checks.rejects(() -> backend().gemm(1f, t(2, 3), false, other.zeros(Shape.of(3, 2)), false, 0f, t(2, 2)),
                "gemm");
        Checks.rejects(() -> backend().kernels().activations().forward(ReLU.FUNCTION, t(2, 3), foreign),
                "activation forward(relu)", "tensor.to(backend)");
        Checks.rejects(() -> t(2, 3).addAlong(1, other.zeros(Shape.of(3))), "addAlong", "tensor.to(backend)");
        Checks.rejects(() -> t(2, 3).sumAlong(new int[] {0}, other.zeros(Shape.of(3))), "sumAlong",
                "tensor.to(backend)");
    }
}
