package io.neurite.metrics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class ConfusionMatrixTest {
    // actual:    0 0 0 1 1 2 2
    // predicted: 0 0 1 1 1 0 2
    // counts [actual][predicted]: [2 1 0] [0 2 0] [1 0 1]
    private static ConfusionMatrix example() {
        return new ConfusionMatrix(List.of("cat", "dog", "bird"))
                .add(new int[] {0, 0, 0, 1, 1, 2, 2}, new int[] {0, 0, 1, 1, 1, 0, 2});
    }

    @Test
    void countsAndDerivedMetricsMatchHandValues() {
        ConfusionMatrix m = example();
        assertArrayEquals(new long[][] {{2, 1, 0}, {0, 2, 0}, {1, 0, 1}}, m.counts());
        assertEquals(7, m.total());
        assertEquals(5, m.correct());
        assertEquals(5.0 / 7, m.accuracy(), 1e-12);
        // recall = diagonal / row sum; precision = diagonal / column sum
        assertArrayEquals(new double[] {2.0 / 3, 1.0, 0.5}, m.recalls(), 1e-12);
        assertArrayEquals(new double[] {2.0 / 3, 2.0 / 3, 1.0}, m.precisions(), 1e-12);
        assertEquals(3, m.support(0));
        assertEquals(3, m.predicted(1));
        assertEquals(2.0 / 3, m.f1(0), 1e-12);
        assertEquals(2 * 0.5 * 1.0 / 1.5, m.f1(2), 1e-12);
        assertEquals(1, m.count(2, 0));
    }

    @Test
    void undefinedPrecisionAndRecallAreNaNNotZero() {
        ConfusionMatrix m = new ConfusionMatrix(3).add(0, 1).add(1, 1);
        assertTrue(Double.isNaN(m.precision(0)), "class 0 was never predicted");
        assertTrue(Double.isNaN(m.recall(2)), "class 2 never occurs");
        assertEquals(0.0, m.recall(0));
        assertTrue(Double.isNaN(m.f1(2)));
        assertTrue(Double.isNaN(new ConfusionMatrix(2).accuracy()));
        assertEquals(0.0, new ConfusionMatrix(2).add(0, 1).add(1, 0).f1(0), "both 0: F1 is 0");
    }

    @Test
    void toStringIsAReadableTable() {
        String expected = ""
                + "Confusion matrix: 7 samples, accuracy 0.7143 (rows: actual class, columns: predicted class)\n"
                + "              0     1     2  recall\n"
                + "0 cat         2     1     0   0.667\n"
                + "1 dog         0     2     0   1.000\n"
                + "2 bird        1     0     1   0.500\n"
                + "precision 0.667 0.667 1.000\n";
        assertEquals(expected, example().toString());
        String unnamed = new ConfusionMatrix(2).add(0, 0).toString();
        assertTrue(unnamed.contains("0 class 0") && unnamed.contains("n/a"), unnamed);
    }

    @Test
    void resetAndErrors() {
        ConfusionMatrix m = example();
        m.reset();
        assertEquals(0, m.total());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> m.add(3, 0));
        assertTrue(e.getMessage().contains("actual class 3 is outside 0..2"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> m.add(new int[] {0}, new int[] {0, 1}));
        assertThrows(IllegalArgumentException.class, () -> new ConfusionMatrix(0));
        ConfusionMatrix fromScores = new ConfusionMatrix(3).add(MetricsTest.SCORES, MetricsTest.LABELS);
        assertEquals(1, fromScores.correct());
        assertEquals(1, fromScores.count(2, 0), "row 1: label 2 predicted 0");
    }
}
