package io.neurite.data;

import io.neurite.tensor.Backend;
import io.neurite.tensor.Shape;
import io.neurite.tensor.Tensor;
import java.util.Arrays;

/**
 * One-hot encoding of class indices, the only place it is written: row {@code r} of the result is all zeros
 * except a 1 in column {@code labels[r]}. {@link Batch#targets()} and the losses that accept class indices use
 * it. Stateless and thread-safe.
 */
public final class OneHot {
    private OneHot() {
    }

    /**
     * Writes the one-hot rows of {@code labels[0 .. count)} into {@code dest[0 .. count * classes)}, zeroing
     * them first; the rest of {@code dest} is untouched.
     *
     * @param op named in the error for a label outside {@code [0, classes)}, e.g. {@code SoftmaxCrossEntropy}
     */
    public static void encode(String op, int[] labels, int count, int classes, float[] dest) {
        if (classes < 1) {
            throw new IllegalArgumentException(op + ": one-hot encoding needs at least 1 class but got " + classes);
        }
        if (count > labels.length || (long) count * classes > dest.length) {
            throw new IllegalArgumentException(op + ": " + count + " one-hot rows of " + classes + " classes need "
                    + (long) count * classes + " values and " + count + " labels, but there are " + dest.length
                    + " values and " + labels.length + " labels");
        }
        Arrays.fill(dest, 0, count * classes, 0f);
        for (int r = 0; r < count; r++) {
            int c = labels[r];
            if (c < 0 || c >= classes) {
                throw new IllegalArgumentException(op + ": label " + c + " at row " + r + " is outside [0, " + classes
                        + "); with " + classes + " classes (model outputs), labels must be 0.." + (classes - 1));
            }
            dest[r * classes + c] = 1f;
        }
    }

    /** A new {@code [labels.length, classes]} one-hot tensor on {@code backend}. */
    public static Tensor of(Backend backend, int[] labels, int classes) {
        float[] data = new float[labels.length * classes];
        encode("OneHot", labels, labels.length, classes, data);
        return backend.of(data, Shape.of(labels.length, classes));
    }
}
