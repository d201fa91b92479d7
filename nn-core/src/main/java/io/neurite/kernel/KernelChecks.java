package io.neurite.kernel;

import io.neurite.tensor.Shape;
import io.neurite.tensor.Tensor;

/**
 * The shape checks of the convolution, pooling and normalisation kernels, shared by every backend so that the
 * same mistake gives the same message everywhere. They allocate nothing when the shapes are right.
 */
public final class KernelChecks {
    private KernelChecks() {
    }

    /** Checks {@code conv2d}'s operands; {@code bias} may be null. */
    public static void conv2d(String op, Tensor input, Tensor weight, Tensor bias, Window2d w, Tensor output) {
        Shape x = rank4(op, "input", input);
        Shape k = rank4(op, "weight", weight);
        Shape y = rank4(op, "output", output);
        if (k.dim(1) != x.dim(1) || k.dim(2) != w.kernelH() || k.dim(3) != w.kernelW()) {
            throw new IllegalArgumentException(op + ": weight " + k + " does not fit input " + x + " and window "
                    + w.describe() + "; it must be [out channels, " + x.dim(1) + ", " + w.kernelH() + ", "
                    + w.kernelW() + "]");
        }
        expect(op, "output", y, x.dim(0), k.dim(0), outH(op, x, w), outW(op, x, w));
        if (bias != null && (bias.shape().rank() != 1 || bias.shape().dim(0) != k.dim(0))) {
            throw new IllegalArgumentException(op + ": bias is " + bias.shape() + " but must be [" + k.dim(0) + "]");
        }
    }

    /** Checks {@code conv2dInputGradient}'s operands. */
    public static void conv2dInputGradient(String op, Tensor gradOutput, Tensor weight, Window2d w, Tensor gradInput) {
        conv2d(op, gradInput, weight, null, w, gradOutput);
    }

    /** Checks {@code conv2dWeightGradient}'s operands; {@code gradBias} may be null. */
    public static void conv2dWeightGradient(String op, Tensor input, Tensor gradOutput, Window2d w, Tensor gradWeight,
                                            Tensor gradBias) {
        conv2d(op, input, gradWeight, gradBias, w, gradOutput);
    }

    /** Checks a pooling kernel's input and output ({@code [N, C, H, W]} and {@code [N, C, outH, outW]}). */
    public static void pool2d(String op, Tensor input, Window2d w, Tensor output) {
        Shape x = rank4(op, "input", input);
        Shape y = rank4(op, "output", output);
        expect(op, "output", y, x.dim(0), x.dim(1), outH(op, x, w), outW(op, x, w));
    }

    /** Checks a pooling backward: {@code gradOutput} as the output of {@code input}, {@code gradInput} as it. */
    public static void pool2dBackward(String op, Tensor input, Tensor gradOutput, Window2d w, Tensor gradInput) {
        pool2d(op, input, w, gradOutput);
        if (!gradInput.shape().equals(input.shape())) {
            throw new IllegalArgumentException(op + ": gradInput is " + gradInput.shape() + " but the input is "
                    + input.shape());
        }
    }

    /** Checks that {@code x} is {@code [N, C]} or {@code [N, C, H, W]} and every {@code perChannel} is {@code [C]}. */
    public static void perChannel(String op, Tensor x, Tensor... perChannel) {
        Shape s = x.shape();
        if (s.rank() != 2 && s.rank() != 4) {
            throw new IllegalArgumentException(op + ": x is " + s + " but must be [N, C] or [N, C, H, W]");
        }
        for (Tensor t : perChannel) {
            if (t.shape().rank() != 1 || t.shape().dim(0) != s.dim(1)) {
                throw new IllegalArgumentException(op + ": a per-channel operand is " + t.shape() + " but x " + s
                        + " has " + s.dim(1) + " channels; it must be [" + s.dim(1) + "]");
            }
        }
    }

    /** Checks that {@code a} and {@code b} have equal shapes. */
    public static void same(String op, String nameA, Tensor a, String nameB, Tensor b) {
        if (!a.shape().equals(b.shape())) {
            throw new IllegalArgumentException(op + ": " + nameB + " is " + b.shape() + " but " + nameA + " is "
                    + a.shape() + "; they must be equal");
        }
    }

    private static Shape rank4(String op, String name, Tensor t) {
        Shape s = t.shape();
        if (s.rank() != 4) {
            throw new IllegalArgumentException(op + ": " + name + " is " + s + " but must be rank 4 (NCHW)");
        }
        return s;
    }

    private static int outH(String op, Shape x, Window2d w) {
        int out = w.outH(x.dim(2));
        if (out < 1) {
            throw new IllegalArgumentException(op + ": the window " + w.describe() + " (extent " + w.extentH()
                    + ") is taller than the padded input height " + (x.dim(2) + w.padTop() + w.padBottom()));
        }
        return out;
    }

    private static int outW(String op, Shape x, Window2d w) {
        int out = w.outW(x.dim(3));
        if (out < 1) {
            throw new IllegalArgumentException(op + ": the window " + w.describe() + " (extent " + w.extentW()
                    + ") is wider than the padded input width " + (x.dim(3) + w.padLeft() + w.padRight()));
        }
        return out;
    }

    private static void expect(String op, String name, Shape s, int n, int c, int h, int w) {
        if (s.dim(0) != n || s.dim(1) != c || s.dim(2) != h || s.dim(3) != w) {
            throw new IllegalArgumentException(op + ": " + name + " is " + s + " but must be [" + n + ", " + c + ", "
                    + h + ", " + w + "]");
        }
    }
}
