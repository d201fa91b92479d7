package io.neurite.metrics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class MetricsTest {
    /**
     * Hand-ranked: row 0 label 1 is top-1; row 1 label 2 is third (0.5, 0.3 before it); row 2 label 1 ties
     * with class 0, which ranks first as the smaller index, and 0.6 beats both: third; row 3 label 0 ties with
     * class 1 but ranks before it, after 0.4: second.
     */
    static final float[][] SCORES = {
        {0.1f, 0.7f, 0.2f},
        {0.5f, 0.3f, 0.2f},
        {0.2f, 0.2f, 0.6f},
        {0.3f, 0.3f, 0.4f},
    };
    static final int[] LABELS = {1, 2, 1, 0};

    @Test
    void accuracyOfPredictions() {
        assertEquals(0.6, Metrics.accuracy(new int[] {1, 2, 0, 0, 1}, new int[] {1, 2, 1, 0, 0}), 1e-12);
        assertEquals(3, Metrics.countCorrect(new int[] {1, 2, 0, 0, 1}, new int[] {1, 2, 1, 0, 0}));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Metrics.accuracy(new int[] {1}, new int[] {1, 2}));
        assertTrue(e.getMessage().contains("1 predictions but 2 labels"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Metrics.accuracy(new int[0], new int[0]));
    }

    @Test
    void topKAgainstHandRanking() {
        assertEquals(0.25, Metrics.accuracy(SCORES, LABELS), 1e-12);
        assertEquals(0.25, Metrics.topKAccuracy(SCORES, LABELS, 1), 1e-12);
        assertEquals(0.50, Metrics.topKAccuracy(SCORES, LABELS, 2), 1e-12);
        assertEquals(1.00, Metrics.topKAccuracy(SCORES, LABELS, 3), 1e-12);
        assertArrayEquals(new int[] {1, 0, 2, 2}, Metrics.argmax(SCORES));
    }

    @Test
    void tiesRankTheSmallerClassFirstLikeArgmax() {
        float[][] flat = {{1, 1, 1}};
        assertEquals(1.0, Metrics.accuracy(flat, new int[] {0}));
        assertEquals(0.0, Metrics.topKAccuracy(flat, new int[] {2}, 2));
        assertEquals(1.0, Metrics.topKAccuracy(flat, new int[] {2}, 3));
        assertArrayEquals(new int[] {0}, Metrics.argmax(flat));
    }

    @Test
    void rejectsBadArguments() {
        assertMessage(() -> Metrics.topKAccuracy(SCORES, LABELS, 0), "k must be between 1 and the number of classes (3)");
        assertMessage(() -> Metrics.topKAccuracy(SCORES, LABELS, 4), "but was 4");
        assertMessage(() -> Metrics.topKAccuracy(SCORES, new int[] {0, 1, 3, 0}, 1), "label 3 at row 2 is outside 0..2");
        assertMessage(() -> Metrics.topKAccuracy(SCORES, new int[] {0}, 1), "4 rows but there are 1 labels");
        assertMessage(() -> Metrics.topKAccuracy(new float[][] {{0, 1}, {0}}, new int[] {0, 0}, 1), "row 1 has 1 scores");
        assertMessage(() -> Metrics.topKAccuracy(new float[][] {{0, Float.NaN}}, new int[] {0}, 1),
                "row 0, class 1 is NaN");
        assertMessage(() -> Metrics.argmax(new float[][] {{Float.NaN, 0}}), "is NaN");
    }

    private static void assertMessage(org.junit.jupiter.api.function.Executable call, String part) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
        assertTrue(e.getMessage().contains(part), "should mention '" + part + "': " + e.getMessage());
    }
}
