package io.neurite.data;

import io.neurite.tensor.SeededRandom;
import io.neurite.tensor.Shape;

/**
 * The standard augmentation for small images {@code [channels, height, width]}: a random shift of up to
 * {@code maxShift} pixels along each axis (the "pad and random crop" of image classifiers) and, optionally,
 * a random horizontal flip with probability 1/2. Both happen in one pass per sample, with no allocation.
 *
 * <pre>{@code
 * Augmentation augment = ImageAugmentation.builder().maxShift(2).horizontalFlip().build();
 * Trainer trainer = Trainer.builder(optimizer).augment(augment) ... .build();
 * }</pre>
 *
 * <p><b>Borders.</b> The pixels a shift uncovers are filled with a constant, 0 by default (the background of
 * raw pixel data, as in the usual "pad with zeros, then crop"). For a data set normalised before batching the
 * background is no longer 0 but {@code (0 - mean) / std}: pass that to {@link Builder#fill(float)}, or the
 * shifted images get a visible frame. {@link Builder#edge()} repeats the nearest edge pixel instead, which
 * needs no value but smears objects that touch the border (many Fashion-MNIST garments do).
 *
 * <p>A flip mirrors left and right, which suits clothes, animals and vehicles; do not use it for digits or text.
 */
public final class ImageAugmentation implements Augmentation {
    /** How the pixels uncovered by a shift are filled. */
    public enum Border {
        /** With a constant ({@link Builder#fill(float)}, 0 by default). */
        CONSTANT,
        /** With the nearest pixel of the image's edge ({@link Builder#edge()}). */
        EDGE
    }

    private final int maxShift;
    private final boolean flip;
    private final Border border;
    private final float fillValue;

    private ImageAugmentation(Builder b) {
        this.maxShift = b.maxShift;
        this.flip = b.flip;
        this.border = b.border;
        this.fillValue = b.fillValue;
    }

    public static Builder builder() {
        return new Builder();
    }

    public int maxShift() {
        return maxShift;
    }

    public boolean flips() {
        return flip;
    }

    public Border border() {
        return border;
    }

    @Override
    public void check(Shape sampleShape) {
        if (sampleShape.rank() != 3) {
            throw new IllegalArgumentException("ImageAugmentation: needs images of shape [channels, height, width]"
                    + " but the samples have shape " + sampleShape + "; give the data set its image shape (e.g."
                    + " Dataset.reshape to [1, 28, 28]) or do not augment flat vectors");
        }
        int h = sampleShape.dim(1);
        int w = sampleShape.dim(2);
        if (maxShift >= h || maxShift >= w) {
            throw new IllegalArgumentException("ImageAugmentation: maxShift " + maxShift + " must be smaller than the"
                    + " images' height and width, " + h + "x" + w);
        }
    }

    @Override
    public void apply(float[] source, int from, float[] target, int to, Shape sampleShape, SeededRandom random) {
        int channels = sampleShape.dim(0);
        int h = sampleShape.dim(1);
        int w = sampleShape.dim(2);
        // Output pixel (y, x) shows input pixel (y - dy, x - dx) of the (possibly mirrored) image.
        int dy = maxShift == 0 ? 0 : random.nextInt(2 * maxShift + 1) - maxShift;
        int dx = maxShift == 0 ? 0 : random.nextInt(2 * maxShift + 1) - maxShift;
        boolean mirror = flip && random.nextInt(2) == 1;
        for (int c = 0; c < channels; c++) {
            int plane = c * h * w;
            for (int y = 0; y < h; y++) {
                int sy = y - dy;
                int out = to + plane + y * w;
                if ((sy < 0 || sy >= h) && border == Border.CONSTANT) {
                    java.util.Arrays.fill(target, out, out + w, fillValue);
                    continue;
                }
                int in = from + plane + clamp(sy, h) * w;
                for (int x = 0; x < w; x++) {
                    int sx = x - dx;
                    if ((sx < 0 || sx >= w) && border == Border.CONSTANT) {
                        target[out + x] = fillValue;
                    } else {
                        int cx = clamp(sx, w);
                        target[out + x] = source[in + (mirror ? w - 1 - cx : cx)];
                    }
                }
            }
        }
    }

    private static int clamp(int i, int n) {
        return i < 0 ? 0 : i >= n ? n - 1 : i;
    }

    /** In words, e.g. "shifts of up to 2 px, horizontal flips". */
    public String describe() {
        String shifts = maxShift == 0 ? "" : "shifts of up to " + maxShift + " px";
        return flip ? (shifts.isEmpty() ? "horizontal flips" : shifts + ", horizontal flips") : shifts;
    }

    @Override
    public String toString() {
        return "ImageAugmentation[maxShift=" + maxShift + ", horizontalFlip=" + flip + ", border="
                + (border == Border.EDGE ? "edge" : "fill " + fillValue) + "]";
    }

    /** Options; defaults: no shift, no flip, uncovered pixels filled with 0. */
    public static final class Builder {
        private int maxShift;
        private boolean flip;
        private Border border = Border.CONSTANT;
        private float fillValue;

        private Builder() {
        }

        /** Shifts each sample by a uniform random whole number of pixels in {@code [-maxShift, maxShift]} per axis. */
        public Builder maxShift(int maxShift) {
            if (maxShift < 0) {
                throw new IllegalArgumentException("ImageAugmentation: maxShift must be >= 0 (0 for no shift) but was "
                        + maxShift);
            }
            this.maxShift = maxShift;
            return this;
        }

        /** Mirrors each sample left to right with probability 1/2. */
        public Builder horizontalFlip() {
            return horizontalFlip(true);
        }

        public Builder horizontalFlip(boolean flip) {
            this.flip = flip;
            return this;
        }

        /** Fills the pixels a shift uncovers with {@code value} (default 0). */
        public Builder fill(float value) {
            if (!Float.isFinite(value)) {
                throw new IllegalArgumentException("ImageAugmentation: the fill value must be finite but was " + value);
            }
            this.border = Border.CONSTANT;
            this.fillValue = value;
            return this;
        }

        /** Fills the pixels a shift uncovers with the nearest pixel of the image's edge. */
        public Builder edge() {
            this.border = Border.EDGE;
            return this;
        }

        public ImageAugmentation build() {
            if (maxShift == 0 && !flip) {
                throw new IllegalArgumentException("ImageAugmentation: neither a shift nor a flip was asked for, so it"
                        + " would change nothing; set maxShift(n) or horizontalFlip(), or do not augment");
            }
            return new ImageAugmentation(this);
        }
    }
}
