package io.neurite.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.neurite.tensor.Backend;
import io.neurite.tensor.SeededRandom;
import io.neurite.tensor.Shape;
import io.neurite.tensor.Tensor;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Creating tensors and moving data: {@code zeros}, {@code of}, {@code full}, seeded random generators,
 * {@code get}/{@code set}, {@code fill}, {@code copyFrom}, {@code copy}, {@code toFloatArray},
 * {@code reshape} (which shares storage) and {@code to(backend)}.
 */
public abstract class TensorDataConformanceTests {

    /** The backend under test. */
    protected abstract Backend backend();

    /**
     * A second backend instance to move tensors to, or null to skip those tests. It may be another
     * instance of the same implementation.
     */
    protected Backend otherBackend() {
        return null;
    }

    static Stream<Shape> shapes() {
        return TestData.elementwiseShapes().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("shapes")
    void creationAndCopiesInAndOut(Shape shape) {
        Tensor z = backend().zeros(shape);
        assertEquals(shape, z.shape());
        assertEquals(shape.size(), z.size());
        assertSame(backend(), z.backend());
        Checks.identical("zeros", new float[shape.size()], z.toFloatArray());

        float[] x = TestData.uniform(40, shape.size(), -2, 2);
        float[] kept = x.clone();
        Tensor t = backend().of(x, shape);
        x[0] = 99f; // of() copies in
        Checks.identical("of must copy its array", kept, t.toFloatArray());
        float[] out = t.toFloatArray();
        out[0] = 98f; // toFloatArray copies out
        Checks.identical("toFloatArray must return a copy", kept, t.toFloatArray());

        float[] filled = new float[shape.size()];
        Arrays.fill(filled, 2.5f);
        Checks.identical("full", filled, backend().full(shape, 2.5f).toFloatArray());
        assertSame(t, t.fill(-1f));
        Arrays.fill(filled, -1f);
        Checks.identical("fill", filled, t.toFloatArray());
    }

    /**
     * {@code gatherRows}: each row from its offset, in any order and with repeats, for small batches and for ones
     * large enough that a backend splits them over its threads (2,048 rows of 784, a shuffled Fashion-MNIST batch
     * 16 times over); the tensor's other dimensions only set the row length.
     */
    @ParameterizedTest(name = "{0} rows of {1}")
    @org.junit.jupiter.params.provider.CsvSource({"1, 1", "3, 5", "128, 784", "2048, 784", "64, 3"})
    void gatherRowsCopiesEachRowFromItsOffset(int rows, int rowLength) {
        int samples = 3 * rows + 7;
        float[] source = TestData.uniform(44, samples * rowLength + 5, -2, 2);
        int[] offsets = new int[rows + 2]; // entries past the rows are ignored
        java.util.Random random = new java.util.Random(45);
        for (int r = 0; r < offsets.length; r++) {
            // whole samples mostly, a repeat and an offset that is not a multiple of the row length too
            offsets[r] = r == 1 ? offsets[0] : r == 2 ? 5 : random.nextInt(samples) * rowLength;
        }
        float[] expected = new float[rows * rowLength];
        for (int r = 0; r < rows; r++) {
            System.arraycopy(source, offsets[r], expected, r * rowLength, rowLength);
        }
        Shape shape = rowLength == 784 ? Shape.of(rows, 1, 28, 28) : Shape.of(rows, rowLength);
        Tensor t = backend().full(shape, Float.NaN);
        assertSame(t, t.gatherRows(source, offsets));
        Checks.identical("gatherRows " + shape, expected, t.toFloatArray());
    }

    /**
     * The normalising {@code gatherRows}: {@code (src - shift[j]) * scale[j]} per value, bit for bit the float
     * arithmetic of {@code Normalizer} (a subtraction rounded, then a product; an FMA would give other bits),
     * for row lengths that are and are not multiples of the vector widths, and for a batch large enough to split.
     */
    @ParameterizedTest(name = "{0} rows of {1}")
    @org.junit.jupiter.params.provider.CsvSource({"1, 1", "3, 37", "128, 784", "2048, 784"})
    void gatherRowsNormalizesEachValueAsNormalizerDoes(int rows, int rowLength) {
        int samples = 2 * rows + 3;
        float[] source = TestData.uniform(46, samples * rowLength, 0, 255);
        float[] shift = TestData.uniform(47, rowLength, -3, 80);
        float[] scale = TestData.uniform(48, rowLength, 0.001f, 0.3f);
        int[] offsets = new int[rows];
        java.util.Random random = new java.util.Random(49);
        for (int r = 0; r < rows; r++) {
            offsets[r] = random.nextInt(samples) * rowLength;
        }
        float[] expected = new float[rows * rowLength];
        for (int r = 0; r < rows; r++) {
            for (int j = 0; j < rowLength; j++) {
                float difference = source[offsets[r] + j] - shift[j];
                expected[r * rowLength + j] = difference * scale[j];
            }
        }
        Tensor t = backend().full(Shape.of(rows, rowLength), Float.NaN);
        assertSame(t, t.gatherRows(source, offsets, shift, scale));
        Checks.identical("normalising gatherRows [" + rows + ", " + rowLength + "]", expected, t.toFloatArray());
    }

    @Test
    void normalizingGatherRowsRejectsAShiftOrScaleOfTheWrongLength() {
        float[] source = new float[20];
        Tensor t = backend().full(Shape.of(3, 4), 7f);
        IllegalArgumentException shift = assertThrows(IllegalArgumentException.class,
                () -> t.gatherRows(source, new int[] {0, 4, 8}, new float[3], new float[4]));
        assertTrue(shift.getMessage().contains("the shift has 3 values and the scale 4"), shift.getMessage());
        assertTrue(shift.getMessage().contains("have 4"), shift.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> t.gatherRows(source, new int[] {0, 4, 8}, new float[4], new float[5]));
        assertThrows(IllegalArgumentException.class,
                () -> t.gatherRows(source, new int[] {0, 17, 8}, new float[4], new float[4]));
        float[] sevens = new float[12];
        Arrays.fill(sevens, 7f);
        Checks.identical("a rejected gather must not write", sevens, t.toFloatArray());
    }

    @Test
    void gatherRowsRejectsBadOffsetsAndLeavesTheTensorAlone() {
        float[] source = new float[20];
        Tensor t = backend().full(Shape.of(3, 4), 7f);
        IllegalArgumentException few = assertThrows(IllegalArgumentException.class,
                () -> t.gatherRows(source, new int[] {0, 4}));
        assertTrue(few.getMessage().contains("2 offsets for the 3 rows"), few.getMessage());
        IllegalArgumentException past = assertThrows(IllegalArgumentException.class,
                () -> t.gatherRows(source, new int[] {0, 4, 17}));
        assertTrue(past.getMessage().contains("row 2 starts at offset 17"), past.getMessage());
        assertThrows(IllegalArgumentException.class, () -> t.gatherRows(source, new int[] {-1, 0, 0}));
        float[] sevens = new float[12];
        Arrays.fill(sevens, 7f);
        Checks.identical("a rejected gather must not write", sevens, t.toFloatArray());
        assertThrows(IllegalArgumentException.class, () -> backend().zeros(Shape.of()).gatherRows(source,
                new int[] {0}));
    }

    @Test
    void varargsFactories() {
        Tensor t = backend().of(new float[] {1, 2, 3, 4, 5, 6}, 2, 3);
        assertEquals(Shape.of(2, 3), t.shape());
        assertEquals(6f, t.get(5));
        assertEquals(Shape.of(3, 1, 2), backend().zeros(3, 1, 2).shape());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("shapes")
    void getSetAndCopies(Shape shape) {
        float[] x = TestData.uniform(41, shape.size(), -2, 2);
        Tensor t = backend().of(x, shape);
        for (int i = 0; i < x.length; i += Math.max(1, x.length / 17)) {
            assertEquals(x[i], t.get(i), "get(" + i + ")");
        }
        int last = x.length - 1;
        t.set(last, 42f);
        assertEquals(42f, t.get(last));
        x[last] = 42f;
        Checks.identical("set", x, t.toFloatArray());

        Tensor c = t.copy();
        assertNotSame(t, c);
        assertEquals(shape, c.shape());
        Checks.identical("copy", x, c.toFloatArray());
        c.set(0, -42f);
        assertEquals(x[0], t.get(0), "copy() must have its own storage");

        Tensor like = t.newLike();
        assertEquals(shape, like.shape());
        Checks.identical("newLike", new float[x.length], like.toFloatArray());

        Tensor d = backend().zeros(shape);
        assertSame(d, d.copyFrom(t));
        Checks.identical("copyFrom(Tensor)", x, d.toFloatArray());

        float[] y = TestData.uniform(42, shape.size(), -2, 2);
        assertSame(d, d.copyFrom(y));
        Checks.identical("copyFrom(float[])", y, d.toFloatArray());

        float[] padded = new float[y.length + 5];
        System.arraycopy(y, 0, padded, 3, y.length);
        d.fill(0f).copyFrom(padded, 3);
        Checks.identical("copyFrom(float[], offset)", y, d.toFloatArray());
    }

    @Test
    void reshapeSharesStorageAcrossRanks() {
        float[] x = TestData.uniform(43, 2 * 3 * 5 * 7, -2, 2);
        Tensor r4 = backend().of(x, Shape.of(2, 3, 5, 7));
        Tensor r2 = r4.reshape(Shape.of(6, 35));
        Tensor r1 = r2.reshape(Shape.of(210));
        Tensor r3 = r1.reshape(Shape.of(2, 15, 7));
        assertEquals(Shape.of(6, 35), r2.shape());
        assertEquals(Shape.of(2, 3, 5, 7), r4.shape(), "reshape must not change the original's shape");
        Checks.identical("reshape keeps the row-major order", x, r3.toFloatArray());

        r1.set(17, 1234f);
        assertEquals(1234f, r4.get(17), "a write through a reshaped view must be visible in the original");
        r4.scaleInPlace(2f);
        assertEquals(2468f, r2.get(17), "an op on the original must be visible through every view");
        r3.fill(0.5f);
        assertEquals(0.5f, r4.get(209));
        r2.addRowVectorInPlace(backend().full(Shape.of(35), 1f));
        assertEquals(1.5f, r1.get(0));
    }

    @Test
    void toTheSameBackendReturnsThis() {
        Tensor t = backend().of(new float[] {1, 2, 3}, Shape.of(3));
        assertSame(t, t.to(backend()));
    }

    @Test
    void toAnotherBackendCopies() {
        Backend other = otherBackend();
        Assumptions.assumeTrue(other != null, "no second backend configured");
        float[] x = TestData.uniform(44, 3 * 17, -2, 2);
        Tensor t = backend().of(x, Shape.of(3, 17));
        Tensor moved = t.to(other);
        assertSame(other, moved.backend());
        assertEquals(t.shape(), moved.shape());
        Checks.identical("to(other)", x, moved.toFloatArray());
        moved.fill(0f);
        Checks.identical("to(other) must copy", x, t.toFloatArray());
        Tensor back = moved.to(backend());
        assertSame(backend(), back.backend());
    }

    @Test
    void seededRandomIsReproducibleAndBackendIndependent() {
        Shape shape = Shape.of(17, 3);
        Tensor n1 = backend().randomNormal(shape, 0.5f, 2f, 123L);
        Tensor n2 = backend().randomNormal(shape, 0.5f, 2f, 123L);
        Checks.identical("randomNormal with the same seed", n1.toFloatArray(), n2.toFloatArray());
        Checks.identical("randomNormal must equal SeededRandom's values on every backend",
                new SeededRandom(123L).normal(shape.size(), 0.5f, 2f), n1.toFloatArray());
        assertFalse(Arrays.equals(n1.toFloatArray(), backend().randomNormal(shape, 0.5f, 2f, 124L).toFloatArray()),
                "a different seed must give different values");

        Tensor u1 = backend().randomUniform(shape, -3f, 5f, 7L);
        Checks.identical("randomUniform with the same seed", u1.toFloatArray(),
                backend().randomUniform(shape, -3f, 5f, 7L).toFloatArray());
        Checks.identical("randomUniform must equal SeededRandom's values",
                new SeededRandom(7L).uniform(shape.size(), -3f, 5f), u1.toFloatArray());
        assertTrue(u1.min() >= -3f && u1.max() < 5f, "randomUniform out of [-3, 5): " + u1.min() + ", " + u1.max());
    }

    @Test
    void randomNormalHasTheRequestedMoments() {
        int n = 1 << 16;
        Tensor t = backend().randomNormal(Shape.of(n), 1.5f, 0.5f, 99L);
        double mean = t.sum() / n;
        double var = t.sumOfSquares() / n - mean * mean;
        // standard errors: 0.5 / sqrt(n) = 0.002 for the mean; ~0.5^2 * sqrt(2/n) = 0.0014 for the variance
        assertEquals(1.5, mean, 0.01, "mean of randomNormal(1.5, 0.5)");
        assertEquals(0.25, var, 0.01, "variance of randomNormal(1.5, 0.5)");
    }
}
