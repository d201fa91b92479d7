package io.neurite.conformance;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.neurite.metrics.ConfusionMatrix;
import io.neurite.metrics.Metrics;
import io.neurite.tensor.Backend;
import io.neurite.tensor.SeededRandom;
import io.neurite.tensor.Tensor;
import org.junit.jupiter.api.Test;

/**
 * Metrics computed from a backend's score tensors agree with hand-computed values and with the plain-array
 * versions. Subclass per backend.
 */
public abstract class MetricsTensorTests {

    protected abstract Backend backend();

    // Row 0: label 1 is top-1. Row 1: label 2 is third. Row 2: label 1 ties class 0 (which ranks first) and
    // 0.6 beats both: third. Row 3: label 0 ties class 1 but ranks before it, after 0.4: second.
    private static final float[] SCORES = {
        0.1f, 0.7f, 0.2f,
        0.5f, 0.3f, 0.2f,
        0.2f, 0.2f, 0.6f,
        0.3f, 0.3f, 0.4f,
    };
    private static final int[] LABELS = {1, 2, 1, 0};

    @Test
    void accuracyAndTopKFromATensor() {
        Tensor scores = backend().of(SCORES, 4, 3);
        assertEquals(0.25, Metrics.accuracy(scores, LABELS), 1e-12);
        assertEquals(0.50, Metrics.topKAccuracy(scores, LABELS, 2), 1e-12);
        assertEquals(1.00, Metrics.topKAccuracy(scores, LABELS, 3), 1e-12);
        assertEquals(2, Metrics.countTopK(scores, LABELS, 2));
    }

    @Test
    void tensorAndArrayVersionsAgreeOnRandomScores() {
        SeededRandom random = new SeededRandom(5);
        int n = 57;
        int classes = 7;
        float[] flat = random.normal(n * classes, 0, 1);
        float[][] rows = new float[n][classes];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            System.arraycopy(flat, i * classes, rows[i], 0, classes);
            labels[i] = random.nextInt(classes);
        }
        Tensor scores = backend().of(flat, n, classes);
        for (int k = 1; k <= classes; k++) {
            assertEquals(Metrics.topKAccuracy(rows, labels, k), Metrics.topKAccuracy(scores, labels, k), 0, "k=" + k);
        }
        assertEquals(1.0, Metrics.topKAccuracy(scores, labels, classes), 0);
        // Top-1 is the backend's own argmax.
        assertEquals(Metrics.accuracy(scores.argmaxRows(), labels), Metrics.accuracy(scores, labels), 0);
        assertArrayEquals(Metrics.argmax(rows), scores.argmaxRows());
    }

    @Test
    void confusionMatrixFromATensor() {
        ConfusionMatrix m = new ConfusionMatrix(3).add(backend().of(SCORES, 4, 3), LABELS);
        assertArrayEquals(new long[][] {{0, 0, 1}, {0, 1, 1}, {1, 0, 0}}, m.counts(),
                "(actual, predicted) pairs (1, 1), (2, 0), (1, 2), (0, 2)");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new ConfusionMatrix(4).add(backend().of(SCORES, 4, 3), LABELS));
        assertTrue(e.getMessage().contains("[4, 3]") && e.getMessage().contains("4 classes"), e.getMessage());
    }

    @Test
    void rejectsTensorsThatAreNotScoreMatrices() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Metrics.accuracy(backend().of(SCORES, 12), LABELS));
        assertTrue(e.getMessage().contains("rank-2"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Metrics.accuracy(backend().of(SCORES, 4, 3), new int[3]));
    }
}
