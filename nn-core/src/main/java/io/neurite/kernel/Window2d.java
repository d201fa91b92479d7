package io.neurite.kernel;

/**
 * The sliding window of a 2-D convolution or pooling over NCHW images: kernel size, stride, zero padding on
 * each of the four sides, and dilation, all in pixels. Output sizes follow PyTorch and ONNX:
 * {@code out = floor((in + padBefore + padAfter - dilation * (kernel - 1) - 1) / stride) + 1}.
 *
 * <p>Output pixel {@code (oy, ox)} reads input rows {@code oy * strideH - padTop + i * dilationH} for
 * {@code i} in {@code [0, kernelH)} (columns likewise); rows outside the input are padding.
 */
public record Window2d(int kernelH, int kernelW, int strideH, int strideW, int padTop, int padBottom, int padLeft,
                       int padRight, int dilationH, int dilationW) {

    public Window2d {
        if (kernelH < 1 || kernelW < 1 || strideH < 1 || strideW < 1 || dilationH < 1 || dilationW < 1) {
            throw new IllegalArgumentException("Window2d: kernel, stride and dilation must be at least 1 but are "
                    + "kernel " + kernelH + "x" + kernelW + ", stride " + strideH + "x" + strideW + ", dilation "
                    + dilationH + "x" + dilationW);
        }
        if (padTop < 0 || padBottom < 0 || padLeft < 0 || padRight < 0) {
            throw new IllegalArgumentException("Window2d: padding must be >= 0 but is top " + padTop + ", bottom "
                    + padBottom + ", left " + padLeft + ", right " + padRight);
        }
    }

    /** A square window without padding or dilation. */
    public static Window2d of(int kernel, int stride) {
        return new Window2d(kernel, kernel, stride, stride, 0, 0, 0, 0, 1, 1);
    }

    /** The kernel's extent on the input once dilated: {@code dilation * (kernel - 1) + 1}. */
    public int extentH() {
        return dilationH * (kernelH - 1) + 1;
    }

    public int extentW() {
        return dilationW * (kernelW - 1) + 1;
    }

    /** Output height for input height {@code inH}; below 1 when the dilated kernel exceeds the padded input. */
    public int outH(int inH) {
        return Math.floorDiv(inH + padTop + padBottom - extentH(), strideH) + 1;
    }

    public int outW(int inW) {
        return Math.floorDiv(inW + padLeft + padRight - extentW(), strideW) + 1;
    }

    /** Whether the padding is the same on both sides of each axis (what most native libraries take). */
    public boolean symmetricPadding() {
        return padTop == padBottom && padLeft == padRight;
    }

    /** A short description: {@code 3x3 stride 2 pad (1,1,0,0) dilation 2}. */
    public String describe() {
        StringBuilder sb = new StringBuilder().append(kernelH).append('x').append(kernelW);
        if (strideH != 1 || strideW != 1) {
            sb.append(" stride ").append(strideH == strideW ? "" + strideH : strideH + "x" + strideW);
        }
        if (padTop != 0 || padBottom != 0 || padLeft != 0 || padRight != 0) {
            sb.append(" pad (top ").append(padTop).append(", bottom ").append(padBottom).append(", left ")
                    .append(padLeft).append(", right ").append(padRight).append(')');
        }
        if (dilationH != 1 || dilationW != 1) {
            sb.append(" dilation ").append(dilationH == dilationW ? "" + dilationH : dilationH + "x" + dilationW);
        }
        return sb.toString();
    }
}
