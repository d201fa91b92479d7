package io.neurite.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.neurite.tensor.SeededRandom;
import io.neurite.tensor.Shape;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * {@link ImageAugmentation} against a plain reference: every output must be the input moved by some
 * (dy, dx) within the limit, optionally mirrored, with the border rule applied; and over many draws every
 * allowed move (and both flip outcomes) must occur.
 */
class ImageAugmentationTest {
    private static final Shape SHAPE = Shape.of(2, 5, 7); // two channels, odd sizes, not square

    /** Pixel values that differ everywhere, so that a wrong move cannot match by accident. */
    private static float[] image() {
        float[] x = new float[SHAPE.size()];
        for (int i = 0; i < x.length; i++) {
            x[i] = 1 + i * 0.5f;
        }
        return x;
    }

    /** The plain definition: out(c, y, x) = in(c, y - dy, x - dx) of the image mirrored first when asked. */
    private static float[] reference(float[] in, int dy, int dx, boolean mirror, Float fill) {
        int c = SHAPE.dim(0);
        int h = SHAPE.dim(1);
        int w = SHAPE.dim(2);
        float[] out = new float[in.length];
        for (int ch = 0; ch < c; ch++) {
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    int sy = y - dy;
                    int sx = x - dx;
                    float v;
                    if (fill != null && (sy < 0 || sy >= h || sx < 0 || sx >= w)) {
                        v = fill;
                    } else {
                        int cy = Math.max(0, Math.min(h - 1, sy));
                        int cx = Math.max(0, Math.min(w - 1, sx));
                        int mx = mirror ? w - 1 - cx : cx;
                        v = in[(ch * h + cy) * w + mx];
                    }
                    out[(ch * h + y) * w + x] = v;
                }
            }
        }
        return out;
    }

    /** Runs {@code draws} samples and returns the (dy, dx, mirror) each matched; fails when one matches none. */
    private static Set<String> movesSeen(ImageAugmentation augmentation, int maxShift, boolean flips, Float fill) {
        float[] in = image();
        // Written at an offset into larger arrays, to catch offset mistakes on both sides.
        float[] source = new float[in.length + 3];
        System.arraycopy(in, 0, source, 3, in.length);
        float[] target = new float[in.length + 5];
        SeededRandom random = new SeededRandom(42);
        Set<String> seen = new HashSet<>();
        for (int draw = 0; draw < 600; draw++) {
            augmentation.apply(source, 3, target, 5, SHAPE, random);
            float[] out = java.util.Arrays.copyOfRange(target, 5, 5 + in.length);
            String match = null;
            for (int dy = -maxShift; dy <= maxShift && match == null; dy++) {
                for (int dx = -maxShift; dx <= maxShift && match == null; dx++) {
                    for (boolean mirror : flips ? new boolean[] {false, true} : new boolean[] {false}) {
                        if (java.util.Arrays.equals(out, reference(in, dy, dx, mirror, fill))) {
                            match = dy + "," + dx + "," + mirror;
                            break;
                        }
                    }
                }
            }
            assertTrue(match != null, "draw " + draw + " is no allowed move of the input");
            seen.add(match);
        }
        assertArrayEquals(in, java.util.Arrays.copyOfRange(source, 3, 3 + in.length), "the source was changed");
        return seen;
    }

    @Test
    void shiftsWithEdgeRepeatReachEveryMove() {
        Set<String> seen = movesSeen(ImageAugmentation.builder().maxShift(2).edge().build(), 2, false, null);
        assertEquals(25, seen.size(), "every (dy, dx) in [-2, 2]^2 should occur in 600 draws: " + seen);
    }

    @Test
    void shiftsAndFlipsTogether() {
        Set<String> seen = movesSeen(ImageAugmentation.builder().maxShift(1).horizontalFlip().build(), 1, true, 0f);
        assertEquals(18, seen.size(), "9 moves x 2 flips should all occur: " + seen);
    }

    @Test
    void flipAloneMirrorsAboutHalfTheTime() {
        Set<String> seen = movesSeen(ImageAugmentation.builder().horizontalFlip().build(), 0, true, null);
        assertEquals(Set.of("0,0,false", "0,0,true"), seen);
    }

    @Test
    void theDefaultFillIsZero() {
        Set<String> seen = movesSeen(ImageAugmentation.builder().maxShift(2).build(), 2, false, 0f);
        assertEquals(25, seen.size());
    }

    @Test
    void constantFillReplacesTheUncoveredPixels() {
        Set<String> seen = movesSeen(ImageAugmentation.builder().maxShift(2).fill(-0.5f).build(), 2, false, -0.5f);
        assertEquals(25, seen.size());
    }

    @Test
    void badSettingsAndShapesAreRefusedWithTheFix() {
        ImageAugmentation shift = ImageAugmentation.builder().maxShift(2).build();
        String flat = assertThrows(IllegalArgumentException.class, () -> shift.check(Shape.of(784))).getMessage();
        assertTrue(flat.contains("[784]") && flat.contains("[channels, height, width]"), flat);
        String big = assertThrows(IllegalArgumentException.class,
                () -> ImageAugmentation.builder().maxShift(5).build().check(Shape.of(1, 5, 9))).getMessage();
        assertTrue(big.contains("maxShift 5") && big.contains("5x9"), big);
        assertThrows(IllegalArgumentException.class, () -> ImageAugmentation.builder().maxShift(-1));
        assertThrows(IllegalArgumentException.class, () -> ImageAugmentation.builder().build());
        assertThrows(IllegalArgumentException.class, () -> ImageAugmentation.builder().fill(Float.NaN));
    }
}
