package io.neurite.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class NormalizerTest {
    private static final float EPS = 1e-6f;

    // Feature 0: 1, 2, 3, 4 (mean 2.5, population std sqrt(1.25)); feature 1: constant 7.
    private final Dataset train = Dataset.of(new float[][] {{1, 7}, {2, 7}, {3, 7}, {4, 7}}, new int[] {0, 1, 0, 1}, 2);
    private final Dataset test = Dataset.of(new float[][] {{5, 7}, {0, 9}}, new int[] {1, 0}, 2);

    @Test
    void rangeMapsAKnownRangeToUnit() {
        Normalizer n = Normalizer.range(0, 255, 3);
        Dataset pixels = Dataset.of(new float[][] {{0, 51, 255}}, new int[] {0}, 1);
        assertArrayEquals(new float[] {0f, 0.2f, 1f}, n.apply(pixels).features(0), EPS);
        assertThrows(IllegalArgumentException.class, () -> Normalizer.range(1, 1, 3));
        assertThrows(IllegalArgumentException.class, () -> Normalizer.range(0, 1, 0));
    }

    @Test
    void standardizeUsesTrainingStatisticsForEverySet() {
        Normalizer n = Normalizer.standardize(train);
        double std = Math.sqrt(1.25);
        assertArrayEquals(new float[] {2.5f, 7f}, n.shift(), EPS);
        assertArrayEquals(new float[] {(float) (1 / std), 1f}, n.scale(), EPS, "constant feature: scale 1");

        Dataset t = n.apply(train);
        double mean = 0;
        double sq = 0;
        for (int i = 0; i < 4; i++) {
            mean += t.features(i)[0];
            sq += t.features(i)[0] * t.features(i)[0];
            assertEquals(0f, t.features(i)[1], EPS, "constant feature maps to 0");
        }
        assertEquals(0, mean / 4, 1e-6);
        assertEquals(1, sq / 4, 1e-5);
        assertArrayEquals(new float[] {(float) (-1.5 / std), 0f}, t.features(0), EPS);

        // The test set is transformed with the training statistics, not its own.
        Dataset u = n.apply(test);
        assertArrayEquals(new float[] {(float) (2.5 / std), 0f}, u.features(0), EPS);
        assertArrayEquals(new float[] {(float) (-2.5 / std), 2f}, u.features(1), EPS);
        assertArrayEquals(new float[] {5, 7}, test.features(0), "the source is unchanged");
        assertArrayEquals(test.labels(), u.labels());
    }

    @Test
    void standardizeGlobalUsesOneMeanAndStd() {
        // All 8 values: 1,2,3,4,7,7,7,7: mean 4.75; squared deviations 25.25 + 20.25, population variance 5.6875.
        Normalizer n = Normalizer.standardizeGlobal(train);
        float s = (float) (1 / Math.sqrt(5.6875));
        assertArrayEquals(new float[] {4.75f, 4.75f}, n.shift(), EPS);
        assertArrayEquals(new float[] {s, s}, n.scale(), EPS);
        assertArrayEquals(new float[] {(1 - 4.75f) * s, (7 - 4.75f) * s}, n.apply(train).features(0), 1e-5f);
    }

    @Test
    void standardizeGlobalKeepsTheSpreadOfDataFarFromZero() {
        // 1e7 + {0, 1, 2, 3} in a float (1e7 + 3 is exact: floats are spaced 1 apart there): mean 1e7 + 1.5,
        // population std sqrt(1.25). Sums of x and x^2 taken from zero would need the difference of two numbers
        // near 1e14 * count to hold 1.25 * count, which a double's 53 bits do not.
        float[][] rows = new float[400][];
        int[] labels = new int[rows.length];
        for (int i = 0; i < rows.length; i++) {
            rows[i] = new float[] {1e7f + (i % 4), 1e7f + ((i + 1) % 4), 1e7f + ((i + 2) % 4)};
        }
        Normalizer n = Normalizer.standardizeGlobal(Dataset.of(rows, labels, 1));
        assertEquals(1e7 + 1.5, n.shift()[0], 1.0, "the mean, to a float's precision at 1e7");
        assertEquals(1 / Math.sqrt(1.25), n.scale()[0], 1e-6);
    }

    @Test
    void minMaxMapsTrainingRangeToUnit() {
        Normalizer n = Normalizer.minMax(train);
        assertArrayEquals(new float[] {0f, 0f}, n.apply(train).features(0), EPS);
        assertArrayEquals(new float[] {1f, 0f}, n.apply(train).features(3), EPS);
        assertArrayEquals(new float[] {4f / 3, 0f}, n.apply(test).features(0), EPS, "outside the range: > 1");
    }

    @Test
    void thenComposes() {
        Normalizer a = Normalizer.range(0, 10, 2);
        Normalizer b = Normalizer.standardize(a.apply(train));
        Dataset twoSteps = b.apply(a.apply(test));
        Dataset oneStep = a.then(b).apply(test);
        for (int i = 0; i < test.size(); i++) {
            assertArrayEquals(twoSteps.features(i), oneStep.features(i), 1e-5f);
        }
    }

    @Test
    void applyInPlaceAndErrors() {
        Normalizer n = Normalizer.of(new float[] {1, 2}, new float[] {2, 0.5f});
        float[] v = {9, 3, 6};
        n.applyInPlace(v, 1);
        assertArrayEquals(new float[] {9, 4, 2}, v);
        assertThrows(IllegalArgumentException.class, () -> n.applyInPlace(v, 2));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> n.apply(Dataset.of(new float[][] {{1, 2, 3}}, new int[] {0}, 1)));
        assertTrue(e.getMessage().contains("fitted on 2 features but the data has 3"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Normalizer.of(new float[] {0}, new float[] {0}));
        IllegalArgumentException nan = assertThrows(IllegalArgumentException.class,
                () -> Normalizer.standardize(Dataset.of(new float[][] {{Float.NaN}}, new int[] {0}, 1)));
        assertTrue(nan.getMessage().contains("NaN"), nan.getMessage());
    }

    /**
     * {@code apply} on a view (a shuffled split, rows out of order) gives, sample by sample and bit for bit, what
     * {@code applyInPlace} gives on a copy of that sample; and both are the affine map computed in double to
     * within float rounding.
     */
    @Test
    void applyOnAViewMatchesApplyInPlaceBitForBit() {
        int n = 50;
        int f = 37; // not a multiple of any vector width
        float[][] rows = new float[n][f];
        int[] labels = new int[n];
        java.util.Random random = new java.util.Random(5);
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < f; j++) {
                rows[i][j] = random.nextInt(256);
            }
            labels[i] = i % 3;
        }
        Dataset.Split split = Dataset.of(rows, labels, 3).split(0.2, 9);
        Normalizer norm = Normalizer.standardizeGlobal(split.train());
        Dataset applied = norm.apply(split.train());
        float[] shift = norm.shift();
        float[] scale = norm.scale();
        for (int i = 0; i < split.train().size(); i++) {
            float[] copy = split.train().features(i);
            float[] raw = copy.clone();
            norm.applyInPlace(copy, 0);
            assertArrayEquals(copy, applied.features(i), "sample " + i);
            assertEquals(split.train().label(i), applied.label(i));
            for (int j = 0; j < f; j++) {
                double expected = ((double) raw[j] - shift[j]) * scale[j];
                assertEquals(expected, applied.features(i)[j], 1e-6 * Math.max(1, Math.abs(expected)));
            }
        }
    }

    /** {@code apply} copies nothing: the view reads the raw storage, which stays as it was. */
    @Test
    void applyIsAViewOverTheSameStorage() {
        Dataset.Split split = train.split(0.25, 1);
        Normalizer n = Normalizer.standardize(split.train());
        Dataset view = n.apply(split.train());
        assertSame(split.train().storage(), view.storage());
        assertArrayEquals(new float[] {1, 7, 2, 7, 3, 7, 4, 7}, train.storage(), "the raw values were written");
        float[] expected = split.train().features(0);
        n.applyInPlace(expected, 0);
        assertArrayEquals(expected, view.features(0));
        float[] into = new float[5];
        view.copyFeatures(0, into, 3);
        assertArrayEquals(expected, java.util.Arrays.copyOfRange(into, 3, 5));
    }

    /** A normalizer fitted on a normalised view sees the normalised values, not the raw ones it is stored as. */
    @Test
    void fittingOnANormalizedViewSeesTheNormalizedValues() {
        Dataset unit = Normalizer.range(0, 10, 2).apply(train); // feature 0: 0.1 .. 0.4; feature 1: 0.7
        Normalizer min = Normalizer.minMax(unit);
        assertArrayEquals(new float[] {0.1f, 0.7f}, min.shift(), EPS);
        Normalizer std = Normalizer.standardize(unit);
        assertArrayEquals(new float[] {0.25f, 0.7f}, std.shift(), EPS);
        assertEquals(1 / Math.sqrt(0.0125), std.scale()[0], 1e-3);
        Normalizer global = Normalizer.standardizeGlobal(unit);
        assertEquals((0.1 + 0.2 + 0.3 + 0.4 + 4 * 0.7) / 8, global.shift()[0], 1e-6);
    }
}
