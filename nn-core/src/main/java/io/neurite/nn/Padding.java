package io.neurite.nn;

import io.neurite.kernel.Window2d;

/**
 * The zero padding of a {@link Conv2D} or pooling layer:
 * <ul>
 *   <li>{@link #valid()}: none; the output shrinks by the kernel's extent minus one.</li>
 *   <li>{@link #same()}: enough that the output is {@code ceil(input / stride)} (the input size at stride 1),
 *       split evenly with the odd pixel at the bottom and right (TensorFlow's and ONNX's {@code SAME_UPPER}).</li>
 *   <li>{@link #of(int)} / {@link #explicit}: given pixels on each side, possibly different on each side.</li>
 * </ul>
 */
public final class Padding {
    /** How the padding is chosen. */
    public enum Mode { VALID, SAME, EXPLICIT }

    private static final Padding VALID = new Padding(Mode.VALID, 0, 0, 0, 0);
    private static final Padding SAME = new Padding(Mode.SAME, 0, 0, 0, 0);

    private final Mode mode;
    private final int top;
    private final int bottom;
    private final int left;
    private final int right;

    private Padding(Mode mode, int top, int bottom, int left, int right) {
        if (top < 0 || bottom < 0 || left < 0 || right < 0) {
            throw new IllegalArgumentException("Padding: every side must be >= 0 but got top " + top + ", bottom "
                    + bottom + ", left " + left + ", right " + right);
        }
        this.mode = mode;
        this.top = top;
        this.bottom = bottom;
        this.left = left;
        this.right = right;
    }

    public static Padding valid() {
        return VALID;
    }

    public static Padding same() {
        return SAME;
    }

    /** {@code pixels} on every side. */
    public static Padding of(int pixels) {
        return explicit(pixels, pixels, pixels, pixels);
    }

    public static Padding explicit(int top, int bottom, int left, int right) {
        return new Padding(Mode.EXPLICIT, top, bottom, left, right);
    }

    public Mode mode() {
        return mode;
    }

    /** The explicit sides (all zero for {@code valid} and {@code same}, which are resolved per input size). */
    public int top() {
        return top;
    }

    public int bottom() {
        return bottom;
    }

    public int left() {
        return left;
    }

    public int right() {
        return right;
    }

    /** The window for inputs of {@code inH x inW} with this padding. */
    public Window2d resolve(int inH, int inW, int kernelH, int kernelW, int strideH, int strideW, int dilationH,
                            int dilationW) {
        int t = top;
        int b = bottom;
        int l = left;
        int r = right;
        if (mode == Mode.SAME) {
            int totalH = samePadding(inH, kernelH, strideH, dilationH);
            int totalW = samePadding(inW, kernelW, strideW, dilationW);
            t = totalH / 2;
            b = totalH - t;
            l = totalW / 2;
            r = totalW - l;
        }
        return new Window2d(kernelH, kernelW, strideH, strideW, t, b, l, r, dilationH, dilationW);
    }

    private static int samePadding(int in, int kernel, int stride, int dilation) {
        int out = (in + stride - 1) / stride;
        return Math.max(0, (out - 1) * stride + dilation * (kernel - 1) + 1 - in);
    }

    @Override
    public String toString() {
        return switch (mode) {
            case VALID -> "valid";
            case SAME -> "same";
            case EXPLICIT -> top == bottom && left == right && top == left ? "pad " + top
                    : "pad (" + top + ", " + bottom + ", " + left + ", " + right + ")";
        };
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Padding p && p.mode == mode && p.top == top && p.bottom == bottom && p.left == left
                && p.right == right;
    }

    @Override
    public int hashCode() {
        return ((mode.hashCode() * 31 + top) * 31 + bottom) * 31 * 31 + left * 31 + right;
    }
}
