package io.neurite.tensor;

/**
 * A dense, row-major float32 tensor of rank 1 to 4, owned by one {@link Backend}.
 *
 * <h2>Naming: who gets overwritten</h2>
 * <ul>
 *   <li>A plain verb returns a new tensor and leaves its operands alone: {@code c = a.add(b)}.</li>
 *   <li>The same verb with a trailing {@code dest} argument writes into {@code dest} and returns it:
 *       {@code a.add(b, c)}. {@code dest} must already have the result's shape and belong to the same
 *       backend; for element-wise ops it may be {@code this} or an operand. This is what lets a
 *       training step run without allocating tensors after its first batch.</li>
 *   <li>{@code ...InPlace} overwrites {@code this}: {@code a.addInPlace(b)} is {@code a.add(b, a)}.</li>
 * </ul>
 *
 * <h2>Shapes</h2>
 * Element-wise operands must have equal shapes. Broadcasting is explicit and narrow: the row-wise
 * operations ({@link #addRowVector}, {@link #sumColumns}, {@link #maxRows}, {@link #softmaxRows}, ...)
 * take a rank-2 {@code [rows, cols]} tensor; the {@code ...Along} operations ({@link #sumAlong},
 * {@link #addAlong}, ...) reduce over, or broadcast along, chosen axes of any rank. Every shape error names the operation, both shapes and a
 * hint (see {@link ShapeChecks}).
 *
 * <h2>Threads</h2>
 * A tensor is not synchronised: one writer at a time. Any number of threads may read it concurrently.
 *
 * <h2>What is not here</h2>
 * Activation functions and their derivatives are kernels that only layers call: see
 * {@link io.neurite.kernel.Kernels} ({@code backend.kernels().activations()}). To apply one as a user, call
 * the layer: {@code new Sigmoid().forward(logits, false)}.
 */
public interface Tensor {

    // ---- identity and data -----------------------------------------------------------------

    Shape shape();

    Backend backend();

    /** Number of elements. */
    default int size() {
        return shape().size();
    }

    /** A new Java array with the elements in row-major order. */
    float[] toFloatArray();

    /** Element at row-major position {@code index} (slow on some backends: for tests and checks). */
    float get(int index);

    /** Sets the element at row-major position {@code index} (slow on some backends). */
    void set(int index, float value);

    /** Overwrites every element with {@code src[offset .. offset + size())}; no allocation. */
    Tensor copyFrom(float[] src, int offset);

    /**
     * Overwrites the tensor row by row from scattered rows of {@code src}: with {@code rows = shape().dim(0)} and
     * {@code rowLength = size() / rows}, row {@code r} becomes {@code src[offsets[r] .. offsets[r] + rowLength)}.
     * This is a data loader's gather of a shuffled batch: one copy, with no staging array between the data set
     * and the tensor, which a backend may split over its threads (the rows are read from all over a large array,
     * so it waits on memory more than it computes). {@code offsets} needs at least {@code rows} entries; later
     * ones are ignored. No allocation on the calling thread.
     *
     * @throws IllegalArgumentException for a scalar tensor, too few offsets, or an offset whose row would
     *                                  not lie inside {@code src}
     */
    Tensor gatherRows(float[] src, int[] offsets);

    /**
     * {@link #gatherRows(float[], int[])} with every value normalised on the way: element {@code j} of row
     * {@code r} becomes {@code (src[offsets[r] + j] - shift[j]) * scale[j]}, in float, the difference rounded
     * before the product (what {@link io.neurite.data.Normalizer} computes, bit for bit). A data set normalised
     * this way as its batches are gathered needs no normalised copy of all its features. {@code shift} and
     * {@code scale} hold one value per element of a row ({@code rowLength}). No allocation on the calling thread.
     *
     * @throws IllegalArgumentException as {@link #gatherRows(float[], int[])} does, or when {@code shift} or
     *                                  {@code scale} does not hold one value per element of a row
     */
    Tensor gatherRows(float[] src, int[] offsets, float[] shift, float[] scale);

    /** Overwrites every element with {@code src}, whose length must equal {@link #size()}. */
    default Tensor copyFrom(float[] src) {
        if (src.length != size()) {
            throw new IllegalArgumentException("copyFrom: the array has " + src.length + " elements but the tensor "
                    + shape() + " has " + size());
        }
        return copyFrom(src, 0);
    }

    /** Overwrites every element with those of {@code src} (same shape, same backend). */
    Tensor copyFrom(Tensor src);

    /** Sets every element to {@code value}. */
    Tensor fill(float value);

    /** A copy with its own storage. */
    default Tensor copy() {
        return backend().zeros(shape()).copyFrom(this);
    }

    /**
     * The same elements in another shape of equal size, sharing storage with this tensor: a write to
     * one is seen by the other.
     */
    Tensor reshape(Shape shape);

    /** This tensor on {@code other} backend: {@code this} if it already lives there, else a copy. */
    default Tensor to(Backend other) {
        if (other == backend()) {
            return this;
        }
        return other.of(toFloatArray(), shape());
    }

    // ---- element-wise binary ----------------------------------------------------------------

    Tensor add(Tensor other, Tensor dest);

    Tensor sub(Tensor other, Tensor dest);

    Tensor mul(Tensor other, Tensor dest);

    Tensor div(Tensor other, Tensor dest);

    default Tensor add(Tensor other) {
        return add(other, newLike());
    }

    default Tensor sub(Tensor other) {
        return sub(other, newLike());
    }

    default Tensor mul(Tensor other) {
        return mul(other, newLike());
    }

    default Tensor div(Tensor other) {
        return div(other, newLike());
    }

    default Tensor addInPlace(Tensor other) {
        return add(other, this);
    }

    default Tensor subInPlace(Tensor other) {
        return sub(other, this);
    }

    default Tensor mulInPlace(Tensor other) {
        return mul(other, this);
    }

    default Tensor divInPlace(Tensor other) {
        return div(other, this);
    }

    /** {@code this += alpha * x} (BLAS axpy), the workhorse of optimizers. */
    Tensor addScaledInPlace(float alpha, Tensor x);

    // ---- element-wise with a scalar --------------------------------------------------------

    /** {@code dest = this * factor}. */
    Tensor scale(float factor, Tensor dest);

    /** {@code dest = this + value}. */
    Tensor addScalar(float value, Tensor dest);

    /** {@code dest = min(max(this, min), max)}; requires {@code min <= max}. */
    Tensor clamp(float min, float max, Tensor dest);

    /** {@code dest = max(this, value)}. */
    Tensor maxScalar(float value, Tensor dest);

    default Tensor scale(float factor) {
        return scale(factor, newLike());
    }

    default Tensor scaleInPlace(float factor) {
        return scale(factor, this);
    }

    default Tensor addScalar(float value) {
        return addScalar(value, newLike());
    }

    default Tensor addScalarInPlace(float value) {
        return addScalar(value, this);
    }

    default Tensor clamp(float min, float max) {
        return clamp(min, max, newLike());
    }

    default Tensor clampInPlace(float min, float max) {
        return clamp(min, max, this);
    }

    default Tensor maxScalar(float value) {
        return maxScalar(value, newLike());
    }

    // ---- element-wise unary -----------------------------------------------------------------

    Tensor exp(Tensor dest);

    /** Natural logarithm; {@code log(0) = -inf}, negative inputs give NaN. */
    Tensor log(Tensor dest);

    Tensor sqrt(Tensor dest);

    Tensor square(Tensor dest);

    Tensor abs(Tensor dest);

    default Tensor exp() {
        return exp(newLike());
    }

    default Tensor log() {
        return log(newLike());
    }

    default Tensor sqrt() {
        return sqrt(newLike());
    }

    default Tensor square() {
        return square(newLike());
    }

    default Tensor abs() {
        return abs(newLike());
    }

    // ---- rank-2 row-wise broadcasting and reductions -------------------------------------------

    /** {@code dest[i][j] = this[i][j] + row[j]}; {@code row} has shape {@code [cols]}. */
    Tensor addRowVector(Tensor row, Tensor dest);

    /** {@code dest[j] = sum_i this[i][j]}: the bias gradient. {@code dest} has shape {@code [cols]}. */
    Tensor sumColumns(Tensor dest);

    /** {@code dest[i] = sum_j this[i][j]}. {@code dest} has shape {@code [rows]}. */
    Tensor sumRows(Tensor dest);

    /** {@code dest[i] = max_j this[i][j]}. {@code dest} has shape {@code [rows]}. */
    Tensor maxRows(Tensor dest);

    /** Index of the largest element of each row (the first one on ties). */
    int[] argmaxRows();

    /** Row-wise softmax, stable (the row maximum is subtracted first). {@code dest} may be {@code this}. */
    Tensor softmaxRows(Tensor dest);

    /** Row-wise log-softmax, stable: {@code x - max - log(sum(exp(x - max)))}. */
    Tensor logSoftmaxRows(Tensor dest);

    default Tensor addRowVector(Tensor row) {
        return addRowVector(row, newLike());
    }

    default Tensor addRowVectorInPlace(Tensor row) {
        return addRowVector(row, this);
    }

    default Tensor sumColumns() {
        return sumColumns(backend().zeros(Shape.of(shape().cols("sumColumns"))));
    }

    default Tensor sumRows() {
        return sumRows(backend().zeros(Shape.of(shape().rows("sumRows"))));
    }

    default Tensor maxRows() {
        return maxRows(backend().zeros(Shape.of(shape().rows("maxRows"))));
    }

    default Tensor softmaxRows() {
        return softmaxRows(newLike());
    }

    default Tensor logSoftmaxRows() {
        return logSoftmaxRows(newLike());
    }

    // ---- along axes: reductions and per-channel broadcasts, any rank --------------------------------
    // These are on Tensor, not in a kernel family, because they are general maths that users write too
    // (per-feature statistics, normalising a batch by hand) and that several layers share (BatchNorm,
    // convolution biases, pooling's gradients); a kernel family is for what only a layer calls.

    /**
     * {@code dest = } the sum of this tensor over {@code axes} (distinct, each in {@code [0, rank)}, any order).
     * Like the row sums, it may accumulate in float (blocked or pairwise; the pure backend uses double), so
     * it is as accurate as float summation at least. {@code dest}'s shape is this shape without those axes, or {@code [1]} when every
     * axis is summed: axes {@code {0}} of {@code [N, C]} give {@code [C]}, axes {@code {0, 2, 3}} of
     * {@code [N, C, H, W]} give {@code [C]} (a per-channel sum). See {@link ShapeChecks#reduced}.
     */
    Tensor sumAlong(int[] axes, Tensor dest);

    /** {@code dest = } the mean over {@code axes}: {@link #sumAlong} divided by the number of elements summed. */
    Tensor meanAlong(int[] axes, Tensor dest);

    /**
     * {@code dest = } the population variance over {@code axes}: the mean of squared deviations from the mean,
     * divided by the count {@code n} (BatchNorm's batch statistic; multiply by {@code n / (n - 1)} for the
     * unbiased estimate). At least as accurate as summing the squares in float; the pure backend makes two
     * passes in double, so it does not cancel for data far from zero.
     */
    Tensor varianceAlong(int[] axes, Tensor dest);

    /**
     * {@code dest[..., i, ...] = this[..., i, ...] + vector[i]}, {@code i} being the index along {@code axis}:
     * with axis 1 of {@code [N, C, H, W]} and a {@code [C]} vector, a per-channel bias. {@code vector} has shape
     * {@code [dim(axis)]}; {@code dest} has this shape and may be {@code this}.
     */
    Tensor addAlong(int axis, Tensor vector, Tensor dest);

    /** {@code dest[..., i, ...] = this[..., i, ...] * vector[i]} along {@code axis}, as {@link #addAlong}. */
    Tensor mulAlong(int axis, Tensor vector, Tensor dest);

    /**
     * This tensor with its axes reordered into {@code dest}: {@code dest.dim(k) == this.dim(order[k])}, and the
     * element at index {@code (i_0, ..., i_r-1)} of this tensor lands at {@code (i_order[0], ..., i_order[r-1])}
     * of {@code dest} (as NumPy's {@code transpose} and PyTorch's {@code permute}; {@code {0, 2, 3, 1}} turns NCHW
     * into NHWC). {@code order} is a permutation of {@code 0 .. rank-1}. {@code dest} must have its own storage:
     * not this tensor, nor a reshaped view of it.
     */
    Tensor permute(int[] order, Tensor dest);

    default Tensor sumAlong(int... axes) {
        return sumAlong(axes, backend().zeros(ShapeChecks.reduced("sumAlong", shape(), axes)));
    }

    default Tensor meanAlong(int... axes) {
        return meanAlong(axes, backend().zeros(ShapeChecks.reduced("meanAlong", shape(), axes)));
    }

    default Tensor varianceAlong(int... axes) {
        return varianceAlong(axes, backend().zeros(ShapeChecks.reduced("varianceAlong", shape(), axes)));
    }

    default Tensor addAlong(int axis, Tensor vector) {
        return addAlong(axis, vector, newLike());
    }

    default Tensor mulAlong(int axis, Tensor vector) {
        return mulAlong(axis, vector, newLike());
    }

    default Tensor permute(int... order) {
        return permute(order, backend().zeros(ShapeChecks.permuted("permute", shape(), order)));
    }

    // ---- whole-tensor reductions (accumulated in double) -----------------------------------------

    float sum();

    float sumOfSquares();

    float max();

    float min();

    default float mean() {
        return sum() / size();
    }

    // ---- matrix product ---------------------------------------------------------------------

    /** {@code this · other} as a new tensor; see {@link Backend#gemm} for the allocation-free form. */
    default Tensor matmul(Tensor other) {
        return backend().matmul(this, other);
    }

    /** A new zero tensor with this tensor's shape and backend. */
    default Tensor newLike() {
        return backend().zeros(shape());
    }
}
