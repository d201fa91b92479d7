package io.neurite.backend.pure;

/**
 * 2x2 max pooling at stride 2 over planes that the windows tile ({@code h} and {@code w} even), with the same
 * results as {@code PoolingLoops}: each window's maximum (NaN if it holds a NaN), and backward each window's
 * gradient at its first maximum in row-major order (its first NaN, if any), zero elsewhere. Since the planes are
 * contiguous and of even height, planes {@code [fromPlane, toPlane)} are one run of row pairs of width
 * {@code w}, which is how the SIMD path walks them.
 *
 * <p>This class is the scalar path, which has no loops of its own: {@code PoolingLoops}' 2x2 loops are
 * branch-free already. Its methods return false, and the caller then runs {@code PoolingLoops};
 * {@code VectorMaxPool2x2} overrides them on the SIMD path.
 */
class MaxPool2x2 {

    /** {@code y} = the maximum of each window of planes {@code [fromPlane, toPlane)}; false if not done here. */
    boolean forward(float[] x, float[] y, int fromPlane, int toPlane, int h, int w) {
        return false;
    }

    /**
     * Assigns every element of {@code dx} in planes {@code [fromPlane, toPlane)}: each window's {@code dy} at its
     * first maximum or first NaN, zero elsewhere; false if not done here.
     */
    boolean backward(float[] x, float[] dy, float[] dx, int fromPlane, int toPlane, int h, int w) {
        return false;
    }
}
