package io.neurite.backend.pure;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * A vector's lane sum is the same butterfly of additions whether the code runs interpreted or compiled. The
 * values span eight orders of magnitude, so that any other order of the additions gives other bits (JDK 25's
 * {@code reduceLanes} did: the interpreter added in lane order, C2 as a tree).
 */
class VectorReductionsTest {

    @Test
    void theLaneSumIsOneFixedButterflyBeforeAndAfterTheJitCompilesIt() {
        Assumptions.assumeTrue(KernelPath.get().simd(), "the reductions are part of the SIMD path");
        int lanes = VectorReductions.floatLanes();
        Random random = new Random(1);
        for (int trial = 0; trial < 50; trial++) {
            float[] x = new float[lanes];
            for (int i = 0; i < lanes; i++) {
                x[i] = (float) (random.nextGaussian() * Math.pow(10, random.nextInt(8)));
            }
            float expected = butterfly(x);
            float first = VectorReductions.sumOfLanes(x); // interpreted, on the first trials
            float later = first;
            for (int i = 0; i < 20_000; i++) {
                later = VectorReductions.sumOfLanes(x); // compiled by C1 and then C2 along the way
            }
            assertEquals(expected, first, 0f, "trial " + trial + ": the first call");
            assertEquals(expected, later, 0f, "trial " + trial + ": after 20,000 calls");
        }
    }

    /** Step j adds to lane i the lane i XOR (L / 2^(j+1)); lane 0 holds the sum at the end. */
    private static float butterfly(float[] lanes) {
        float[] v = lanes.clone();
        for (int distance = v.length / 2; distance >= 1; distance /= 2) {
            float[] next = new float[v.length];
            for (int i = 0; i < v.length; i++) {
                next[i] = v[i] + v[i ^ distance];
            }
            v = next;
        }
        return v[0];
    }
}
