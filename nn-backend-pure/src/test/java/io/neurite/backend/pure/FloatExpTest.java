package io.neurite.backend.pure;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * {@link FloatExp} against {@code Math.exp} in double, and {@link VectorExp} against {@link FloatExp} bit for
 * bit: interpreted, compiled, and in a range's scalar tail.
 */
class FloatExpTest {

    @Test
    void isWithinOnePointTwoUlpOfTheExactValueAcrossTheWholeRange() {
        double worst = 0;
        float worstAt = 0;
        // every 4099th float from -110 to 90 (about a million), both signs; the full sweep in the class comment
        for (long bits = 0; bits <= 0xFFFFFFFFL; bits += 4099) {
            float x = Float.intBitsToFloat((int) bits);
            if (!(x >= -110f && x <= 90f)) {
                continue;
            }
            double exact = Math.exp(x);
            float rounded = (float) exact;
            float got = FloatExp.exp(x);
            if (rounded == 0f || Float.isInfinite(rounded)) {
                assertTrue(got == rounded || Math.abs(got - exact) <= Math.ulp(rounded),
                        "exp(" + x + ") = " + got + ", exactly " + exact);
                continue;
            }
            double ulps = Math.abs(got - exact) / Math.ulp(rounded);
            if (ulps > worst) {
                worst = ulps;
                worstAt = x;
            }
        }
        assertTrue(worst <= 1.2, "exp(" + worstAt + ") is " + worst + " ulp from the exact value");
    }

    @Test
    void handlesInfinitiesNanAndTheEdgesOfTheFloatRange() {
        assertEquals(1f, FloatExp.exp(0f), 0f);
        assertEquals(1f, FloatExp.exp(-0f), 0f);
        assertEquals(Float.POSITIVE_INFINITY, FloatExp.exp(Float.POSITIVE_INFINITY), 0f);
        assertEquals(0f, FloatExp.exp(Float.NEGATIVE_INFINITY), 0f);
        assertTrue(Float.isNaN(FloatExp.exp(Float.NaN)));
        assertEquals(Float.POSITIVE_INFINITY, FloatExp.exp(88.73f), 0f, "beyond Float.MAX_VALUE");
        assertEquals((float) Math.exp(88.72f), FloatExp.exp(88.72f), 2 * Math.ulp((float) Math.exp(88.72f)));
        assertEquals((float) Math.exp(-100), FloatExp.exp(-100f), 0f, "a subnormal result");
        assertEquals(0f, FloatExp.exp(-104f), 0f);
        assertEquals(0f, FloatExp.exp(-1e30f), 0f);
    }

    @Test
    void theFastPathGivesTheBitsOfTheClampedTwoFactorForm() {
        Random random = new Random(3);
        for (int i = 0; i < 1_000_000; i++) {
            float x = (random.nextFloat() * 2 - 1) * 90f;
            assertEquals(Float.floatToRawIntBits(FloatExp.expAnywhere(x)), Float.floatToRawIntBits(FloatExp.exp(x)),
                    "exp(" + x + ")");
        }
    }

    @Test
    void theVectorLoopGivesTheScalarBitsBeforeAndAfterTheJitCompilesIt() {
        Assumptions.assumeTrue(KernelPath.get().simd(), "VectorExp is part of the SIMD path");
        Random random = new Random(1);
        int n = 1000 + 7; // a scalar tail at every width
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) (random.nextGaussian() * 40);
        }
        x[0] = Float.NaN;
        x[1] = Float.POSITIVE_INFINITY;
        x[2] = Float.NEGATIVE_INFINITY;
        x[3] = -100f; // subnormal result
        x[4] = 88.72f;
        x[5] = -0f;
        float[] expected = new float[n];
        for (int i = 0; i < n; i++) {
            expected[i] = FloatExp.exp(x[i]);
        }
        float[] d = new float[n];
        VectorExp.exp(x, d, 0, n); // interpreted
        assertSameBits(expected, d, "the first call");
        for (int call = 0; call < 20_000; call++) {
            VectorExp.exp(x, d, 0, n); // compiled by C1 and then C2 along the way
        }
        assertSameBits(expected, d, "after 20,000 calls");
        float[] offset = new float[n];
        VectorExp.exp(x, offset, 3, n - 2);
        for (int i = 3; i < n - 2; i++) {
            assertEquals(Float.floatToRawIntBits(expected[i]), Float.floatToRawIntBits(offset[i]), "range from 3, at " + i);
        }
    }

    private static void assertSameBits(float[] expected, float[] actual, String when) {
        for (int i = 0; i < expected.length; i++) {
            assertEquals(Float.floatToRawIntBits(expected[i]), Float.floatToRawIntBits(actual[i]),
                    when + ": exp(" + actual[i] + ") at " + i);
        }
    }
}
