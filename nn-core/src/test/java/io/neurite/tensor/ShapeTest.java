package io.neurite.tensor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ShapeTest {
    @Test
    void sizeRankAndDims() {
        Shape s = Shape.of(2, 3, 4);
        assertEquals(24, s.size());
        assertEquals(3, s.rank());
        assertEquals(4, s.dim(-1));
        assertEquals("[2, 3, 4]", s.toString());
        assertEquals(Shape.of(2, 12), s.flattenToMatrix());
        assertEquals(Shape.of(7, 3, 4), s.withBatch(7));
    }

    @Test
    void rejectsBadShapesWithTheReason() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Shape.of(1, 2, 3, 4, 5)).getMessage().contains("rank 5"));
        assertTrue(assertThrows(IllegalArgumentException.class, Shape::of).getMessage().contains("rank 0"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Shape.of(3, 0)).getMessage().contains("at least 1"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Shape.of(1 << 16, 1 << 16)).getMessage().contains("2^31"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Shape.of(3).rows("matmul")).getMessage()
                .contains("matmul: expected a rank-2 tensor but got shape [3]"));
    }

    @Test
    void seededRandomIsReproducible() {
        assertEquals(java.util.Arrays.toString(new SeededRandom(42).normal(5, 0, 1)),
                java.util.Arrays.toString(new SeededRandom(42).normal(5, 0, 1)));
        float[] u = new SeededRandom(7).uniform(1000, -2, 3);
        for (float v : u) {
            assertTrue(v >= -2 && v < 3);
        }
    }
}
