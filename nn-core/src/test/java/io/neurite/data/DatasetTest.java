package io.neurite.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.neurite.tensor.Shape;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DatasetTest {

    /** n samples of 3 features; feature 0 is the sample's original index, the label is index % 3. */
    static Dataset indexed(int n) {
        float[][] x = new float[n][];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            x[i] = new float[] {i, i * 0.5f, -i};
            y[i] = i % 3;
        }
        return Dataset.of(x, y, 3);
    }

    @Test
    void ofCopiesItsInputAndDescribesItself() {
        float[][] x = {{1, 2, 3, 4}, {5, 6, 7, 8}};
        int[] y = {1, 0};
        Dataset d = Dataset.of(x, y, 2, 2, 2);
        x[0][0] = 99;
        y[0] = 0;
        assertArrayEquals(new float[] {1, 2, 3, 4}, d.features(0));
        assertEquals(1, d.label(0));
        assertEquals(Shape.of(2, 2), d.sampleShape());
        assertEquals(4, d.numFeatures());
        assertEquals("Dataset[2 samples of [2, 2], 2 classes]", d.toString());
        d.features(1)[0] = 42; // a copy: the data set is unchanged
        assertEquals(5, d.features(1)[0]);
        float[] dest = new float[6];
        d.copyFeatures(1, dest, 2);
        assertArrayEquals(new float[] {0, 0, 5, 6, 7, 8}, dest);
        assertEquals(Shape.of(4), Dataset.of(x, y, 2).sampleShape(), "no shape: a flat row");
    }

    @Test
    void rejectsInconsistentInput() {
        IllegalArgumentException label = assertThrows(IllegalArgumentException.class,
                () -> Dataset.of(new float[][] {{1}, {2}}, new int[] {0, 3}, 3));
        assertTrue(label.getMessage().contains("label 3 of sample 1 is outside 0..2"), label.getMessage());
        IllegalArgumentException row = assertThrows(IllegalArgumentException.class,
                () -> Dataset.of(new float[][] {{1, 2}, {2}}, new int[] {0, 1}, 3));
        assertTrue(row.getMessage().contains("row 1 has 1 features") && row.getMessage().contains("needs 2"),
                row.getMessage());
        IllegalArgumentException count = assertThrows(IllegalArgumentException.class,
                () -> Dataset.of(new float[][] {{1}}, new int[] {0, 1}, 3));
        assertTrue(count.getMessage().contains("1 samples of shape [1] but 2 labels"), count.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Dataset.of(new float[0][], new int[0], 3));
        assertThrows(IllegalArgumentException.class, () -> Dataset.of(new float[][] {{1, 2}}, new int[] {0}, 3, 3));
    }

    @Test
    void shuffleIsASeededPermutationThatKeepsFeaturesWithTheirLabels() {
        Dataset d = indexed(50);
        Dataset a = d.shuffled(7);
        Dataset b = d.shuffled(7);
        Dataset c = d.shuffled(8);
        Set<Integer> seen = new HashSet<>();
        boolean moved = false;
        for (int i = 0; i < 50; i++) {
            int original = (int) a.features(i)[0];
            assertEquals(original % 3, a.label(i), "label travels with its row");
            assertArrayEquals(d.features(original), a.features(i));
            assertEquals(original, (int) b.features(i)[0], "same seed, same order");
            seen.add(original);
            moved |= original != i;
        }
        assertEquals(50, seen.size(), "a permutation");
        assertTrue(moved);
        assertFalse(Arrays.equals(a.labels(), c.labels()) && Arrays.equals(order(a), order(c)), "another seed");
        assertArrayEquals(new float[] {0, 0, 0}, d.features(0), "the source is unchanged");
    }

    private static int[] order(Dataset d) {
        int[] o = new int[d.size()];
        for (int i = 0; i < o.length; i++) {
            o[i] = (int) d.features(i)[0];
        }
        return o;
    }

    @Test
    void splitIsDisjointCompleteAndSeeded() {
        Dataset d = indexed(100);
        Dataset.Split s = d.split(0.2, 3);
        assertEquals(80, s.train().size());
        assertEquals(20, s.validation().size());
        Set<Integer> all = new HashSet<>();
        for (int i : order(s.train())) {
            all.add(i);
        }
        for (int i : order(s.validation())) {
            assertTrue(all.add(i), "sample " + i + " is in both parts");
        }
        assertEquals(100, all.size());
        assertArrayEquals(order(s.validation()), order(d.split(0.2, 3).validation()));
        assertEquals(3, s.validation().numClasses());
        assertEquals("Split[train 80, validation 20]", s.toString());

        assertThrows(IllegalArgumentException.class, () -> d.split(0, 1));
        assertThrows(IllegalArgumentException.class, () -> d.split(1, 1));
        assertThrows(IllegalArgumentException.class, () -> d.split(Double.NaN, 1));
        IllegalArgumentException tiny = assertThrows(IllegalArgumentException.class, () -> indexed(3).split(0.1, 1));
        assertTrue(tiny.getMessage().contains("leaves 0 for validation"), tiny.getMessage());
    }

    @Test
    void sliceAndClassCounts() {
        Dataset d = indexed(10);
        Dataset s = d.slice(2, 6);
        assertArrayEquals(new int[] {2, 3, 4, 5}, order(s));
        assertArrayEquals(new int[] {2, 0, 1, 2}, s.labels());
        assertArrayEquals(new int[] {4, 3, 3}, d.classCounts());
        assertThrows(IllegalArgumentException.class, () -> d.slice(5, 5));
        assertThrows(IllegalArgumentException.class, () -> d.slice(0, 11));
    }

    @Test
    void viewsShareOneCompactArrayInsteadOfCopying() {
        Dataset d = indexed(20);
        assertEquals(20 * 3, d.storage().length, "one float[] for all samples");
        Dataset view = d.shuffled(1).split(0.25, 2).train().slice(3, 9).reshape(Shape.of(3, 1)).flat();
        assertSame(d.storage(), view.storage(), "views copy no feature");
        for (int i = 0; i < view.size(); i++) {
            int original = (int) view.features(i)[0];
            assertArrayEquals(d.features(original), view.features(i));
            assertEquals(d.label(original), view.label(i));
        }
        Dataset normalized = Normalizer.range(0, 1, 3).apply(view);
        assertSame(d.storage(), normalized.storage(), "a normalized view copies no feature either");
        assertArrayEquals(view.labels(), normalized.labels());
        assertArrayEquals(view.features(4), normalized.features(4));
    }

    @Test
    void reshapeKeepsTheValuesAndChecksTheSize() {
        Dataset d = Dataset.classification(new float[] {1, 2, 3, 4, 5, 6, 7, 8}, Shape.of(4), new int[] {0, 1}, 2);
        Dataset image = d.reshape(Shape.of(1, 2, 2));
        assertEquals(Shape.of(1, 2, 2), image.sampleShape());
        assertArrayEquals(d.features(1), image.features(1));
        assertEquals(Shape.of(4), image.flat().sampleShape());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> d.reshape(Shape.of(3)));
        assertTrue(e.getMessage().contains("hold 4 values but [3] holds 3"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> d.reshape(Shape.of(1, 1, 2, 2)));
    }

    @Test
    void floatTargetsForRegression() {
        Dataset xor = Dataset.of(new float[] {0, 0, 0, 1, 1, 0, 1, 1}, Shape.of(2), new float[] {0, 1, 1, 0},
                Shape.of(1));
        assertFalse(xor.isClassification());
        assertEquals(Shape.of(1), xor.targetShape());
        assertEquals("Dataset[4 samples of [2], targets [1]]", xor.toString());
        Dataset shuffled = xor.shuffled(3);
        float[] target = new float[1];
        for (int i = 0; i < 4; i++) {
            float[] x = shuffled.features(i);
            shuffled.copyTarget(i, target, 0);
            assertEquals(x[0] != x[1] ? 1f : 0f, target[0], "target travels with its sample");
        }
        IllegalStateException e = assertThrows(IllegalStateException.class, xor::labels);
        assertTrue(e.getMessage().contains("float targets of shape [1], not class labels"), e.getMessage());
        IllegalArgumentException count = assertThrows(IllegalArgumentException.class,
                () -> Dataset.of(new float[] {0, 0, 1, 1}, Shape.of(2), new float[] {0, 1, 1}, Shape.of(1)));
        assertTrue(count.getMessage().contains("need 2 target values of shape [1] but 3 were given"),
                count.getMessage());
    }

    @Test
    void classificationTargetsAreOneHotRows() {
        Dataset d = indexed(4);
        assertEquals(Shape.of(3), d.targetShape());
        float[] row = {9, 9, 9, 9, 9};
        d.copyTarget(2, row, 1);
        assertArrayEquals(new float[] {9, 0, 0, 1, 9}, row, "label 2 of sample 2");
    }
}
