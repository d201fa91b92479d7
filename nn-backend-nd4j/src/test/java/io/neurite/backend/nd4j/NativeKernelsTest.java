package io.neurite.backend.nd4j;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import org.junit.jupiter.api.Test;

/**
 * The branch-free ReLU gradient of {@link NativeKernels} against its plain definition {@code x > 0 ? g : 0}:
 * every float near the edges of the test (zeros, subnormals, infinities, NaNs of both signs) and a stride
 * through all 2^32 bit patterns, compared bit for bit.
 */
class NativeKernelsTest {
    private static int expectedMask(float x) {
        return x > 0f ? -1 : 0;
    }

    private static void checkBits(int bits) {
        float x = Float.intBitsToFloat(bits);
        assertEquals(expectedMask(x), NativeKernels.positiveMask(x), () -> "mask of bits 0x"
                + Integer.toHexString(bits) + " (" + x + ")");
    }

    @Test
    void positiveMaskIsXGreaterThanZeroAtTheEdges() {
        int[] edges = {0x00000000, 0x80000000, 0x7F800000, 0xFF800000, 0x7F7FFFFF, 0xFF7FFFFF, 0x00800000,
            0x3F800000, 0xBF800000};
        for (int edge : edges) {
            for (int d = -2048; d <= 2048; d++) {
                checkBits(edge + d);
            }
        }
    }

    @Test
    void positiveMaskIsXGreaterThanZeroAcrossAllBitPatterns() {
        // 2^32 / 257 ≈ 16.7M patterns, every exponent and sign, in well under a second once compiled.
        for (long bits = Integer.MIN_VALUE; bits <= Integer.MAX_VALUE; bits += 257) {
            int b = (int) bits;
            float x = Float.intBitsToFloat(b);
            if (NativeKernels.positiveMask(x) != expectedMask(x)) {
                checkBits(b); // fails with the message
            }
        }
    }

    @Test
    void reluBackwardSelectsTheGradientBitForBit() {
        float[] xs = {1f, -1f, 0f, -0f, Float.NaN, -Float.NaN, Float.MIN_VALUE, -Float.MIN_VALUE,
            Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, 3e-39f, -3e-39f, Float.MAX_VALUE};
        float[] gs = {2.5f, Float.NaN, -0f, Float.NEGATIVE_INFINITY, -7f};
        int n = xs.length * gs.length;
        FloatBuffer x = direct(n);
        FloatBuffer g = direct(n);
        FloatBuffer d = direct(n);
        for (int i = 0; i < xs.length; i++) {
            for (int j = 0; j < gs.length; j++) {
                x.put(i * gs.length + j, xs[i]);
                g.put(i * gs.length + j, gs[j]);
            }
        }
        NativeKernels.reluBackward(x, g, d, n);
        for (int i = 0; i < n; i++) {
            float expected = x.get(i) > 0f ? g.get(i) : 0f;
            assertEquals(Float.floatToRawIntBits(expected), Float.floatToRawIntBits(d.get(i)),
                    "x = " + x.get(i) + ", g = " + g.get(i));
        }
    }

    private static FloatBuffer direct(int n) {
        return ByteBuffer.allocateDirect(4 * n).order(ByteOrder.nativeOrder()).asFloatBuffer();
    }
}
