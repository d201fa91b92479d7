package io.neurite.conformance;

import io.neurite.tensor.Shape;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Deterministic inputs and the shapes the kit sweeps. Sizes 1, 3, 17 and 129 are chosen to be odd and
 * not multiples of any vector width, so every kernel's remainder loop runs; the large shapes exceed the
 * thresholds at which backends split work over threads.
 */
public final class TestData {
    private TestData() {
    }

    /** Shapes of rank 1 to 4 with odd sizes, plus large ones that cross multi-threading thresholds. */
    public static List<Shape> elementwiseShapes() {
        return List.of(
                Shape.of(1), Shape.of(3), Shape.of(17), Shape.of(129),
                Shape.of(1, 1), Shape.of(3, 17), Shape.of(129, 3),
                Shape.of(3, 1, 17), Shape.of(2, 3, 17),
                Shape.of(1, 3, 17, 3), Shape.of(2, 3, 5, 7),
                Shape.of(129, 129), Shape.of(5, 7, 129, 33));
    }

    /** Rank-2 shapes for the row-wise operations. */
    public static List<Shape> matrixShapes() {
        return List.of(Shape.of(1, 1), Shape.of(1, 129), Shape.of(129, 1), Shape.of(3, 17), Shape.of(17, 3),
                Shape.of(129, 129), Shape.of(1031, 257));
    }

    /**
     * {@code n} values uniform in {@code [low, high)}, with a few exact zeros and repeated values mixed in
     * (zeros are where relu and its derivative switch; repeats make argmax ties).
     */
    public static float[] uniform(long seed, int n, double low, double high) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) (low + (high - low) * r.nextDouble());
        }
        if (low <= 0 && high > 0) {
            for (int i = 0; i < n; i += 11) {
                x[i] = 0f;
            }
        }
        return x;
    }

    /** {@code n} values with magnitude in {@code [lowMagnitude, highMagnitude)} and random sign (for divisors). */
    public static float[] awayFromZero(long seed, int n, double lowMagnitude, double highMagnitude) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            double v = lowMagnitude + (highMagnitude - lowMagnitude) * r.nextDouble();
            x[i] = (float) (r.nextBoolean() ? v : -v);
        }
        return x;
    }
}
