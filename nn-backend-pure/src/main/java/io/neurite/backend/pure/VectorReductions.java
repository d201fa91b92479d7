package io.neurite.backend.pure;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/**
 * The sum of a vector's lanes in one fixed order, so that a result never depends on whether the JIT has compiled
 * the code yet. {@code reduceLanes(VectorOperators.ADD)} leaves the order of its additions unspecified, and
 * HotSpot uses that: on Temurin 25 at 512 bits its C2 intrinsic adds the lanes as a tree while the interpreter and
 * C1 add them one after the other. A kernel that ran interpreted for its first calls and compiled later gave other
 * bits, and Fashion-MNIST's seed-1 accuracy on JDK 25 was 0.8951, 0.8958 or 0.8970 from run to run (JDK 17 adds
 * in lane order in both, so it did not show). Here the lanes are folded as a butterfly: step {@code j} adds to
 * each lane the lane {@code L / 2^(j+1)} away (its index XOR that distance), which is the same tree for the
 * interpreter, C1 and C2, and costs log2(L) shuffles and additions (2.6 ns at 512 bits on the Xeon in
 * docs/pure-backend.md, against 5.3 for JDK 17's ordered reduction).
 */
final class VectorReductions {
    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Double> D = DoubleVector.SPECIES_PREFERRED;
    private static final VectorShuffle<Float>[] FLOAT_STEPS = butterfly(F);
    private static final VectorShuffle<Double>[] DOUBLE_STEPS = butterfly(D);

    private VectorReductions() {
    }

    /** The sum of {@code v}'s lanes, always added in the same order. {@code v} must be of the preferred species. */
    static float sum(FloatVector v) {
        for (VectorShuffle<Float> step : FLOAT_STEPS) {
            v = v.add(v.rearrange(step));
        }
        return v.lane(0);
    }

    /** As {@link #sum(FloatVector)} for doubles. */
    static double sum(DoubleVector v) {
        for (VectorShuffle<Double> step : DOUBLE_STEPS) {
            v = v.add(v.rearrange(step));
        }
        return v.lane(0);
    }

    /** {@link #sum(FloatVector)} of the first vector's worth of {@code lanes} (for tests, which avoid Vector API types). */
    static float sumOfLanes(float[] lanes) {
        return sum(FloatVector.fromArray(F, lanes, 0));
    }

    /** The lanes of the preferred float species. */
    static int floatLanes() {
        return F.length();
    }

    @SuppressWarnings("unchecked")
    private static <E> VectorShuffle<E>[] butterfly(VectorSpecies<E> species) {
        int lanes = species.length();
        VectorShuffle<E>[] steps = new VectorShuffle[Integer.numberOfTrailingZeros(lanes)];
        for (int j = 0; j < steps.length; j++) {
            int distance = lanes >> (j + 1);
            steps[j] = VectorShuffle.fromOp(species, i -> i ^ distance);
        }
        return steps;
    }
}
