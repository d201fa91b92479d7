package io.neurite.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class OneHotTest {

    @Test
    void encodesTheFirstCountLabelsAndLeavesTheRestOfTheArray() {
        float[] dest = {7, 7, 7, 7, 7, 7, 7, 7};
        OneHot.encode("test", new int[] {2, 0, 1}, 2, 3, dest);
        assertArrayEquals(new float[] {0, 0, 1, 1, 0, 0, 7, 7}, dest, "rows 0 and 1 one-hot, the tail untouched");
    }

    @Test
    void namesABadLabelAndAShortArray() {
        IllegalArgumentException label = assertThrows(IllegalArgumentException.class,
                () -> OneHot.encode("SomeLoss", new int[] {0, -1}, 2, 4, new float[8]));
        assertEquals("SomeLoss: label -1 at row 1 is outside [0, 4); with 4 classes (model outputs), labels must be"
                + " 0..3", label.getMessage());
        IllegalArgumentException room = assertThrows(IllegalArgumentException.class,
                () -> OneHot.encode("SomeLoss", new int[] {0, 1}, 2, 4, new float[7]));
        assertEquals("SomeLoss: 2 one-hot rows of 4 classes need 8 values and 2 labels, but there are 7 values and 2"
                + " labels", room.getMessage());
    }
}
