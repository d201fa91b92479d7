package io.neurite.nn;

import io.neurite.kernel.Window2d;
import io.neurite.tensor.Shape;

/** The per-sample shape checks shared by the image layers (Conv2D, pooling), with their hints. */
final class ImageShapes {
    private ImageShapes() {
    }

    /** Fails unless {@code in} is {@code [channels, height, width]}; the hint says how to reshape a vector. */
    static void requireImage(String layer, String expected, Shape in) {
        if (in.rank() == 3) {
            return;
        }
        String hint;
        if (in.rank() == 1) {
            int side = (int) Math.round(Math.sqrt(in.dim(0)));
            hint = "this layer takes images [channels, height, width] per sample, not flat vectors; reshape the input"
                    + (side * side == in.dim(0) ? " (e.g. to [1, " + side + ", " + side + "])" : "")
                    + " with a Reshape layer first, or load the data as images";
        } else {
            hint = "this layer takes images [channels, height, width] per sample";
        }
        throw new LayerShapeException(layer, expected, in, hint);
    }

    /** The output size of {@code window} on {@code in}, or an error naming the layer and the sizes. */
    static Shape output(String layer, String expected, Shape in, int channels, Window2d window) {
        int h = in.dim(1);
        int w = in.dim(2);
        int outH = window.outH(h);
        int outW = window.outW(w);
        if (outH < 1 || outW < 1) {
            throw new LayerShapeException(layer, expected, in, "its " + window.kernelH() + "x" + window.kernelW()
                    + " kernel" + (window.dilationH() > 1 || window.dilationW() > 1
                    ? " (dilated to " + window.extentH() + "x" + window.extentW() + ")" : "")
                    + " is larger than the padded input " + (h + window.padTop() + window.padBottom()) + "x"
                    + (w + window.padLeft() + window.padRight()) + " (input " + h + "x" + w + " with padding top "
                    + window.padTop() + ", bottom " + window.padBottom() + ", left " + window.padLeft() + ", right "
                    + window.padRight() + "); use a smaller kernel, more padding or a larger input");
        }
        return Shape.of(channels, outH, outW);
    }
}
