package io.neurite.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** SeededRandom draws exactly what SplittableRandom draws, and its state resumes a sequence exactly. */
class SeededRandomTest {

    @Test
    void drawsWhatSplittableRandomDraws() {
        int[] bounds = {1, 2, 3, 7, 8, 10, 1000, 1 << 20, 54_000, Integer.MAX_VALUE, (1 << 30) + 1};
        for (long seed : new long[] {0, 1, -1, 42, Long.MIN_VALUE, Long.MAX_VALUE, 0x9e3779b97f4a7c15L}) {
            SplittableRandom reference = new SplittableRandom(seed);
            SeededRandom random = new SeededRandom(seed);
            for (int i = 0; i < 2000; i++) {
                if (i % 3 == 0) {
                    assertEquals(reference.nextDouble(), random.nextDouble(), "seed " + seed + " draw " + i);
                } else {
                    int bound = bounds[i % bounds.length];
                    assertEquals(reference.nextInt(bound), random.nextInt(bound), "seed " + seed + " draw " + i
                            + " bound " + bound);
                }
            }
        }
    }

    @Test
    void aSavedStateContinuesTheSequenceExactly() {
        SeededRandom random = new SeededRandom(7);
        random.uniform(101, -1, 1);
        random.nextInt(13);
        long state = random.state();
        float[] expected = random.normal(33, 0, 1);
        int[] order = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9};
        random.shuffle(order);

        SeededRandom resumed = SeededRandom.atState(state);
        assertArrayEquals(expected, resumed.normal(33, 0, 1));
        int[] again = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9};
        resumed.shuffle(again);
        assertArrayEquals(order, again);

        SeededRandom moved = new SeededRandom(99);
        moved.restoreState(state);
        assertArrayEquals(expected, moved.normal(33, 0, 1));
    }

    @Test
    void aBoundBelowOneIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new SeededRandom(1).nextInt(0));
        assertEquals("SeededRandom.nextInt: bound must be positive but is 0", e.getMessage());
    }
}
