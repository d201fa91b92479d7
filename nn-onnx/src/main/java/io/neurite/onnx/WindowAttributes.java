package io.neurite.onnx;

import ai.onnx.proto.OnnxMl.NodeProto;
import io.neurite.kernel.Window2d;
import io.neurite.nn.Padding;
import java.util.Arrays;

/** ONNX's {@code pads} / {@code auto_pad} of Conv and pooling nodes as a Neurite {@link Padding}. */
final class WindowAttributes {
    private WindowAttributes() {
    }

    /**
     * The padding of a window of {@code kh x kw}, stride {@code sh x sw}, dilation {@code dh x dw}. Explicit pads
     * that are what "valid" or "same" give for this input size become that mode, so that export, import and
     * export again give the same model (Neurite exports every padding as explicit pads).
     */
    static Padding padding(ImportCursor cursor, NodeProto node, int kh, int kw, int sh, int sw, int dh, int dw)
            throws OnnxFormatException {
        String autoPad = cursor.stringAttribute(node, "auto_pad", "NOTSET");
        switch (autoPad) {
            case "VALID":
                return Padding.valid();
            case "SAME_UPPER":
                return Padding.same();
            case "NOTSET":
                break;
            default:
                throw cursor.fail(node, "auto_pad is " + autoPad + "; Neurite pads VALID, SAME_UPPER (its \"same\") or"
                        + " by explicit pads");
        }
        long[] pads = cursor.intsAttribute(node, "pads", 0, 0, 0, 0);
        if (pads.length != 4 || Arrays.stream(pads).anyMatch(p -> p < 0 || p > Integer.MAX_VALUE)) {
            throw cursor.fail(node, "pads is " + Arrays.toString(pads) + "; a 2-D window needs four pads >= 0"
                    + " [top, left, bottom, right]");
        }
        // ONNX orders pads as all the starts, then all the ends: [top, left, bottom, right].
        Padding explicit = Padding.explicit((int) pads[0], (int) pads[2], (int) pads[1], (int) pads[3]);
        if (Arrays.stream(pads).allMatch(p -> p == 0)) {
            return Padding.valid();
        }
        if (cursor.inputShape().rank() == 3) {
            int h = cursor.inputShape().dim(1);
            int w = cursor.inputShape().dim(2);
            Window2d same = Padding.same().resolve(h, w, kh, kw, sh, sw, dh, dw);
            if (same.equals(explicit.resolve(h, w, kh, kw, sh, sw, dh, dw))) {
                return Padding.same();
            }
        }
        return explicit;
    }
}
