package io.neurite.tensor;

/**
 * Creates tensors and owns the hot primitive, {@link #gemm}. Obtain one with {@link io.neurite.discovery.Backends#get()}.
 *
 * <p>Random tensors are generated on the Java side from an explicit seed ({@link SeededRandom}) and
 * copied in, so one seed gives bit-identical values on every backend. Implementations are
 * thread-safe: tensors may be created from many threads.
 */
public interface Backend {

    /** Short, lower-case name used to select it: {@code pure}, {@code nd4j}. */
    String name();

    /** One line on how it computes: kernel path, thread count, native library versions. */
    String describe();

    /** Worker threads its large operations use. */
    int threads();

    /** The kernels that layers call below the Tensor API (see {@link io.neurite.kernel.Kernels}). */
    io.neurite.kernel.Kernels kernels();

    /** A new tensor of zeros. */
    Tensor zeros(Shape shape);

    /** A new tensor holding a copy of {@code data} (row-major), whose length must equal the shape's size. */
    Tensor of(float[] data, Shape shape);

    /**
     * {@code C = alpha * op(A) * op(B) + beta * C}, written into the existing {@code C}, where
     * {@code op(X)} is {@code X} or, if its flag is set, {@code X}ᵀ — read transposed in place, never
     * copied. All three are rank 2; {@code op(A)} is {@code [m, k]}, {@code op(B)} is {@code [k, n]} and
     * {@code C} is {@code [m, n]}. {@code C} must not share storage with {@code A} or {@code B}. With
     * {@code beta == 0}, {@code C}'s old contents are ignored (even NaN).
     */
    void gemm(float alpha, Tensor a, boolean transA, Tensor b, boolean transB, float beta, Tensor c);

    /**
     * Runs two independent pieces of work, on two threads where this backend has them, and returns when both are
     * done; an exception from either is rethrown. Neither may read what the other writes. Each piece's own
     * operations then run on its thread alone, so pieces of equal size keep two cores busy without splitting
     * each operation (a layer's two backward products, say). {@code multiplyAdds} is each piece's size, for the
     * backend to keep small pieces on one thread. The result is the same as running {@code first}, then
     * {@code second}, which is what this default does.
     */
    default void concurrently(long multiplyAdds, Runnable first, Runnable second) {
        first.run();
        second.run();
    }

    default Tensor of(float[] data, int... dims) {
        return of(data, Shape.of(dims));
    }

    default Tensor zeros(int... dims) {
        return zeros(Shape.of(dims));
    }

    default Tensor full(Shape shape, float value) {
        return zeros(shape).fill(value);
    }

    /** A new {@code [m, n]} tensor {@code A · B}. */
    default Tensor matmul(Tensor a, Tensor b) {
        int[] mnk = ShapeChecks.gemm("matmul", a, false, b, false, null);
        Tensor c = zeros(Shape.of(mnk[0], mnk[1]));
        gemm(1f, a, false, b, false, 0f, c);
        return c;
    }

    /** Normally distributed values; identical for one seed on every backend. */
    default Tensor randomNormal(Shape shape, float mean, float std, long seed) {
        return of(new SeededRandom(seed).normal(shape.size(), mean, std), shape);
    }

    /** Values uniform in {@code [low, high)}; identical for one seed on every backend. */
    default Tensor randomUniform(Shape shape, float low, float high, long seed) {
        return of(new SeededRandom(seed).uniform(shape.size(), low, high), shape);
    }
}
