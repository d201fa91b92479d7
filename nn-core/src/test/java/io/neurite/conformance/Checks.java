package io.neurite.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.neurite.tensor.Shape;
import io.neurite.tensor.Tensor;
import java.util.Arrays;
import java.util.function.IntFunction;
import org.junit.jupiter.api.function.Executable;

/** Assertions shared by the conformance classes; every failure names the operation, shape and index. */
public final class Checks {
    private Checks() {
    }

    /** Every element of {@code actual} is within {@code tolerance} of {@code expected}. */
    public static void close(String what, Shape shape, double[] expected, float[] actual, Tolerance tolerance) {
        close(what, shape, expected, actual, i -> tolerance);
    }

    /** As {@link #close(String, Shape, double[], float[], Tolerance)} with a tolerance per element. */
    public static void close(String what, Shape shape, double[] expected, float[] actual,
                             IntFunction<Tolerance> tolerance) {
        assertEquals(expected.length, actual.length, what + " on " + shape + ": wrong number of elements");
        int bad = 0;
        int first = -1;
        for (int i = 0; i < expected.length; i++) {
            if (!tolerance.apply(i).accepts(expected[i], actual[i])) {
                bad++;
                if (first < 0) {
                    first = i;
                }
            }
        }
        if (bad > 0) {
            fail(what + " on " + shape + ": " + bad + " of " + expected.length + " elements out of tolerance; first at"
                    + " index " + first + ": expected " + expected[first] + " but got " + actual[first] + " (allowed"
                    + " difference " + tolerance.apply(first).allowed(expected[first]) + ")");
        }
    }

    /** Bit-for-bit equality. */
    public static void identical(String what, float[] expected, float[] actual) {
        if (!Arrays.equals(expected, actual)) {
            int i = Arrays.mismatch(expected, actual);
            fail(what + ": arrays differ" + (i < expected.length && i < actual.length
                    ? " first at index " + i + ": expected " + expected[i] + " but got " + actual[i]
                    : " in length: " + expected.length + " vs " + actual.length));
        }
    }

    /** The tensor's contents are still {@code original} (an operand was not modified). */
    public static void unchanged(String what, Tensor t, float[] original) {
        identical(what + " must leave its operand unchanged", original, t.toFloatArray());
    }

    /**
     * {@code call} throws an {@link IllegalArgumentException} whose message contains every fragment
     * (the operation name, the shapes, ...). Returns the message.
     */
    public static String rejects(Executable call, String... fragments) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call,
                "expected an IllegalArgumentException mentioning " + Arrays.toString(fragments));
        String message = String.valueOf(e.getMessage());
        for (String f : fragments) {
            assertTrue(message.contains(f), "the error message should mention '" + f + "' but was: " + message);
        }
        return message;
    }

    static double[] toDouble(float[] x) {
        double[] d = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            d[i] = x[i];
        }
        return d;
    }
}
