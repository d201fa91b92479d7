package io.neurite.backend.pure;

import io.neurite.tensor.Backend;
import io.neurite.tensor.Shape;
import io.neurite.tensor.ShapeChecks;
import io.neurite.tensor.Tensor;

/**
 * A tensor whose elements are one {@code float[]} in row-major order (shared by reshaped views). This class
 * checks shapes and splits large operations over the backend's threads; the loops themselves are in
 * {@link ScalarKernels} (or its SIMD subclass), so that they can be swapped as a unit.
 */
final class PureTensor implements Tensor {
    private final PureBackend backend;
    final float[] data;
    private final Shape shape;

    PureTensor(PureBackend backend, float[] data, Shape shape) {
        this.backend = backend;
        this.data = data;
        this.shape = shape;
    }

    /** {@code t} as a PureTensor of {@code backend}, or an error naming the operation. */
    static PureTensor cast(String op, PureBackend backend, Tensor t) {
        if (t instanceof PureTensor p && p.backend == backend) {
            return p;
        }
        String which = t.backend().name().equals(backend.name())
                ? "another instance of backend '" + backend.name() + "'"
                : "backend '" + t.backend().name() + "'";
        throw new IllegalArgumentException(op + ": a tensor of " + which + " was passed to backend '"
                + backend.name() + "' (" + backend.describe() + "); move it with tensor.to(backend)");
    }

    private PureTensor cast(String op, Tensor t) {
        return cast(op, backend, t);
    }

    private float[] sameShape(String op, Tensor t) {
        ShapeChecks.same(op, this, t);
        return cast(op, t).data;
    }

    /** Checks that {@code dest} is a {@code [length]} vector without allocating a Shape on the good path. */
    private static void vectorDestination(String op, int length, Tensor dest) {
        Shape s = dest.shape();
        if (s.rank() != 1 || s.dim(0) != length) {
            ShapeChecks.dest(op, Shape.of(length), dest);
        }
    }

    private float[] destination(String op, Tensor dest) {
        ShapeChecks.dest(op, shape, dest);
        return cast(op, dest).data;
    }

    @Override
    public Shape shape() {
        return shape;
    }

    @Override
    public Backend backend() {
        return backend;
    }

    @Override
    public float[] toFloatArray() {
        return data.clone();
    }

    @Override
    public float get(int index) {
        return data[index];
    }

    @Override
    public void set(int index, float value) {
        data[index] = value;
    }

    @Override
    public Tensor copyFrom(float[] src, int offset) {
        if (offset < 0 || offset + data.length > src.length) {
            throw new IllegalArgumentException("copyFrom: need " + data.length + " values from offset " + offset
                    + " but the array has " + src.length);
        }
        System.arraycopy(src, offset, data, 0, data.length);
        return this;
    }

    @Override
    public Tensor gatherRows(float[] src, int[] offsets) {
        int rowLength = ShapeChecks.gatherRows(this, src, offsets); // also rejects a scalar
        int rows = shape.dim(0);
        // The grain in rows: a gather waits on memory (rows scattered over the data set), so it pays to split
        // far sooner than a copy of cached data would.
        int grain = Math.max(1, backend.split().grain(SplitPolicy.Cost.GATHER) / Math.max(1, rowLength));
        if (backend.serial(rows, grain)) { // on this path no lambda is made, so nothing is allocated
            gather(src, offsets, rowLength, 0, rows);
        } else {
            backend.parallel(rows, grain, (from, to) -> gather(src, offsets, rowLength, from, to));
        }
        return this;
    }

    private void gather(float[] src, int[] offsets, int rowLength, int from, int to) {
        for (int r = from; r < to; r++) {
            System.arraycopy(src, offsets[r], data, r * rowLength, rowLength);
        }
    }

    @Override
    public Tensor gatherRows(float[] src, int[] offsets, float[] shift, float[] scale) {
        int rowLength = ShapeChecks.gatherRows(this, src, offsets, shift, scale); // also rejects a scalar
        int rows = shape.dim(0);
        // Split as the plain gather: the two operations per value are hidden behind the wait for the rows.
        int grain = Math.max(1, backend.split().grain(SplitPolicy.Cost.GATHER) / Math.max(1, rowLength));
        if (backend.serial(rows, grain)) {
            k().gatherNormalized(src, offsets, shift, scale, data, rowLength, 0, rows);
        } else {
            backend.parallel(rows, grain, (from, to) -> k().gatherNormalized(src, offsets, shift, scale, data,
                    rowLength, from, to));
        }
        return this;
    }

    @Override
    public Tensor copyFrom(Tensor src) {
        float[] s = sameShape("copyFrom", src);
        System.arraycopy(s, 0, data, 0, data.length);
        return this;
    }

    @Override
    public Tensor fill(float value) {
        // zeroing the gradients before each training step is one of these, over every parameter
        if (backend.serial(data.length, cheap())) {
            java.util.Arrays.fill(data, value);
        } else {
            backend.parallelElements(data.length, cheap(), (f, t) -> java.util.Arrays.fill(data, f, t, value));
        }
        return this;
    }

    @Override
    public Tensor reshape(Shape newShape) {
        if (newShape.size() != shape.size()) {
            throw new IllegalArgumentException("reshape: cannot view " + shape + " (" + shape.size() + " elements) as "
                    + newShape + " (" + newShape.size() + " elements)");
        }
        return new PureTensor(backend, data, newShape);
    }

    // Work per element and the pool's measured dispatch cost decide when splitting over threads pays
    // (SplitPolicy): memory-bound ops need large arrays, transcendental ones much less.

    /** The grain of memory-bound element-wise ops. */
    private int cheap() {
        return backend.split().grain(SplitPolicy.Cost.STREAM);
    }

    /** The grain of transcendental element-wise ops. */
    private int costly() {
        return backend.split().grain(SplitPolicy.Cost.TRANSCENDENTAL);
    }

    private ScalarKernels k() {
        return backend.kernels;
    }

    // ---- element-wise binary ----

    @Override
    public Tensor add(Tensor other, Tensor dest) {
        float[] o = sameShape("add", other);
        float[] d = destination("add", dest);
        if (backend.serial(d.length, cheap())) {
            k().add(data, o, d, 0, d.length);
        } else {
            backend.parallelElements(d.length, cheap(), (f, t) -> k().add(data, o, d, f, t));
        }
        return dest;
    }

    @Override
    public Tensor sub(Tensor other, Tensor dest) {
        float[] o = sameShape("sub", other);
        float[] d = destination("sub", dest);
        if (backend.serial(d.length, cheap())) {
            k().sub(data, o, d, 0, d.length);
        } else {
            backend.parallelElements(d.length, cheap(), (f, t) -> k().sub(data, o, d, f, t));
        }
        return dest;
    }

    @Override
    public Tensor mul(Tensor other, Tensor dest) {
        float[] o = sameShape("mul", other);
        float[] d = destination("mul", dest);
        if (backend.serial(d.length, cheap())) {
            k().mul(data, o, d, 0, d.length);
        } else {
            backend.parallelElements(d.length, cheap(), (f, t) -> k().mul(data, o, d, f, t));
        }
        return dest;
    }

    @Override
    public Tensor div(Tensor other, Tensor dest) {
        float[] o = sameShape("div", other);
        float[] d = destination("div", dest);
        if (backend.serial(d.length, cheap())) {
            k().div(data, o, d, 0, d.length);
        } else {
            backend.parallelElements(d.length, cheap(), (f, t) -> k().div(data, o, d, f, t));
        }
        return dest;
    }

    @Override
    public Tensor addScaledInPlace(float alpha, Tensor x) {
        float[] o = sameShape("addScaledInPlace", x);
        if (backend.serial(data.length, cheap())) {
            k().axpy(alpha, o, data, 0, data.length);
        } else {
            backend.parallelElements(data.length, cheap(), (f, t) -> k().axpy(alpha, o, data, f, t));
        }
        return this;
    }

    // ---- scalar ----

    @Override
    public Tensor scale(float factor, Tensor dest) {
        float[] d = destination("scale", dest);
        if (backend.serial(d.length, cheap())) {
            k().scale(data, factor, d, 0, d.length);
        } else {
            backend.parallelElements(d.length, cheap(), (f, t) -> k().scale(data, factor, d, f, t));
        }
        return dest;
    }

    @Override
    public Tensor addScalar(float value, Tensor dest) {
        float[] d = destination("addScalar", dest);
        if (backend.serial(d.length, cheap())) {
            k().addScalar(data, value, d, 0, d.length);
        } else {
            backend.parallelElements(d.length, cheap(), (f, t) -> k().addScalar(data, value, d, f, t));
        }
        return dest;
    }

    @Override
    public Tensor clamp(float min, float max, Tensor dest) {
        if (!(min <= max)) {
            throw new IllegalArgumentException("clamp: min " + min + " must be <= max " + max);
        }
        float[] d = destination("clamp", dest);
        if (backend.serial(d.length, cheap())) {
            k().clamp(data, min, max, d, 0, d.length);
        } else {
            backend.parallelElements(d.length, cheap(), (f, t) -> k().clamp(data, min, max, d, f, t));
        }
        return dest;
    }

    @Override
    public Tensor maxScalar(float value, Tensor dest) {
        float[] d = destination("maxScalar", dest);
        if (backend.serial(d.length, cheap())) {
            k().maxScalar(data, value, d, 0, d.length);
        } else {
            backend.parallelElements(d.length, cheap(), (f, t) -> k().maxScalar(data, value, d, f, t));
        }
        return dest;
    }

    // ---- unary ----

    @Override
    public Tensor exp(Tensor dest) {
        float[] d = destination("exp", dest);
        int grain = backend.split().grain(SplitPolicy.Cost.EXP);
        if (backend.serial(d.length, grain)) {
            k().exp(data, d, 0, d.length);
        } else {
            backend.parallelElements(d.length, grain, (f, t) -> k().exp(data, d, f, t));
        }
        return dest;
    }

    @Override
    public Tensor log(Tensor dest) {
        float[] d = destination("log", dest);
        if (backend.serial(d.length, costly())) {
            k().log(data, d, 0, d.length);
        } else {
            backend.parallelElements(d.length, costly(), (f, t) -> k().log(data, d, f, t));
        }
        return dest;
    }

    @Override
    public Tensor sqrt(Tensor dest) {
        float[] d = destination("sqrt", dest);
        if (backend.serial(d.length, cheap())) {
            k().sqrt(data, d, 0, d.length);
        } else {
            backend.parallelElements(d.length, cheap(), (f, t) -> k().sqrt(data, d, f, t));
        }
        return dest;
    }

    @Override
    public Tensor square(Tensor dest) {
        float[] d = destination("square", dest);
        if (backend.serial(d.length, cheap())) {
            k().square(data, d, 0, d.length);
        } else {
            backend.parallelElements(d.length, cheap(), (f, t) -> k().square(data, d, f, t));
        }
        return dest;
    }

    @Override
    public Tensor abs(Tensor dest) {
        float[] d = destination("abs", dest);
        if (backend.serial(d.length, cheap())) {
            k().abs(data, d, 0, d.length);
        } else {
            backend.parallelElements(d.length, cheap(), (f, t) -> k().abs(data, d, f, t));
        }
        return dest;
    }

    // ---- row-wise ----

    /** Rows per task so that each gets at least {@code grain} elements. */
    private static int rowGrain(int cols, int grain) {
        return Math.max(1, grain / cols);
    }

    @Override
    public Tensor addRowVector(Tensor row, Tensor dest) {
        ShapeChecks.rowVector("addRowVector", this, row);
        float[] r = cast("addRowVector", row).data;
        float[] d = destination("addRowVector", dest);
        int cols = shape.dim(1);
        int rows = shape.dim(0);
        int grain = rowGrain(cols, cheap());
        if (backend.serial(rows, grain)) {
            k().addRowVector(data, r, d, cols, 0, rows);
        } else {
            backend.parallel(rows, grain, (f, t) -> k().addRowVector(data, r, d, cols, f, t));
        }
        return dest;
    }

    @Override
    public Tensor sumColumns(Tensor dest) {
        int rows = shape.rows("sumColumns");
        int cols = shape.dim(1);
        vectorDestination("sumColumns", cols, dest);
        float[] d = cast("sumColumns", dest).data;
        if ((long) rows * cols < 2L * cheap() || cols < 64) {
            k().sumColumns(data, d, rows, cols, 0, cols);
        } else {
            // each task owns a band of columns (multiples of 16 floats, one cache line)
            int bands = Math.min(backend.threads() * 2, cols / 16);
            backend.pool().run(bands, b -> {
                int c0 = (int) ((long) cols * b / bands) & ~15;
                int c1 = b == bands - 1 ? cols : (int) ((long) cols * (b + 1) / bands) & ~15;
                k().sumColumns(data, d, rows, cols, c0, c1);
            });
        }
        return dest;
    }

    @Override
    public Tensor sumRows(Tensor dest) {
        int rows = shape.rows("sumRows");
        int cols = shape.dim(1);
        vectorDestination("sumRows", rows, dest);
        float[] d = cast("sumRows", dest).data;
        int grain = rowGrain(cols, cheap());
        if (backend.serial(rows, grain)) {
            k().sumRows(data, d, cols, 0, rows);
        } else {
            backend.parallel(rows, grain, (f, t) -> k().sumRows(data, d, cols, f, t));
        }
        return dest;
    }

    @Override
    public Tensor maxRows(Tensor dest) {
        int rows = shape.rows("maxRows");
        int cols = shape.dim(1);
        vectorDestination("maxRows", rows, dest);
        float[] d = cast("maxRows", dest).data;
        int grain = rowGrain(cols, cheap());
        if (backend.serial(rows, grain)) {
            k().maxRows(data, d, cols, 0, rows);
        } else {
            backend.parallel(rows, grain, (f, t) -> k().maxRows(data, d, cols, f, t));
        }
        return dest;
    }

    @Override
    public int[] argmaxRows() {
        int rows = shape.rows("argmaxRows");
        int cols = shape.dim(1);
        int[] out = new int[rows];
        for (int i = 0; i < rows; i++) {
            int o = i * cols;
            int best = 0;
            float bestValue = data[o];
            for (int j = 1; j < cols; j++) {
                if (data[o + j] > bestValue) {
                    best = j;
                    bestValue = data[o + j];
                }
            }
            out[i] = best;
        }
        return out;
    }

    @Override
    public Tensor softmaxRows(Tensor dest) {
        int rows = shape.rows("softmaxRows");
        int cols = shape.dim(1);
        float[] d = destination("softmaxRows", dest);
        int grain = rowGrain(cols, costly());
        if (backend.serial(rows, grain)) {
            k().softmaxRows(data, d, cols, 0, rows);
        } else {
            backend.parallel(rows, grain, (f, t) -> k().softmaxRows(data, d, cols, f, t));
        }
        return dest;
    }

    @Override
    public Tensor logSoftmaxRows(Tensor dest) {
        int rows = shape.rows("logSoftmaxRows");
        int cols = shape.dim(1);
        float[] d = destination("logSoftmaxRows", dest);
        int grain = rowGrain(cols, costly());
        if (backend.serial(rows, grain)) {
            k().logSoftmaxRows(data, d, cols, 0, rows);
        } else {
            backend.parallel(rows, grain, (f, t) -> k().logSoftmaxRows(data, d, cols, f, t));
        }
        return dest;
    }

    // ---- along axes (AxisLoops) ----

    @Override
    public Tensor sumAlong(int[] axes, Tensor dest) {
        double[] sums = axisSums("sumAlong", axes, dest);
        float[] d = cast("sumAlong", dest).data;
        for (int i = 0; i < d.length; i++) {
            d[i] = (float) sums[i];
        }
        return dest;
    }

    @Override
    public Tensor meanAlong(int[] axes, Tensor dest) {
        double[] sums = axisSums("meanAlong", axes, dest);
        float[] d = cast("meanAlong", dest).data;
        double count = (double) data.length / d.length;
        for (int i = 0; i < d.length; i++) {
            d[i] = (float) (sums[i] / count);
        }
        return dest;
    }

    @Override
    public Tensor varianceAlong(int[] axes, Tensor dest) {
        double[] means = axisSums("varianceAlong", axes, dest);
        float[] d = cast("varianceAlong", dest).data;
        double count = (double) data.length / d.length;
        for (int i = 0; i < means.length; i++) {
            means[i] /= count;
        }
        double[] squares = new double[d.length];
        axisPass(axes, means, squares);
        for (int i = 0; i < d.length; i++) {
            d[i] = (float) (squares[i] / count);
        }
        return dest;
    }

    /** Checks a reduction's axes and destination and returns the sums over the axes, in double. */
    private double[] axisSums(String op, int[] axes, Tensor dest) {
        ShapeChecks.dest(op, ShapeChecks.reduced(op, shape, axes), dest);
        cast(op, dest);
        double[] sums = new double[dest.size()];
        axisPass(axes, null, sums);
        return sums;
    }

    /**
     * One pass of {@link AxisLoops#sum} over every element into {@code acc}, split over the workers along a
     * kept axis when the tensor is large (each task owns its outputs, so no task waits for another and the
     * sums do not depend on the thread count).
     */
    private void axisPass(int[] axes, double[] mean, double[] acc) {
        int[] d = AxisLoops.dims4(shape);
        int[] os = AxisLoops.outStrides(shape, axes);
        int split = AxisLoops.splitAxis(d, os);
        if (split < 0) {
            AxisLoops.sum(data, d, os, mean, acc, -1, 0, 0);
            return;
        }
        int grain = Math.max(1, cheap() / (data.length / d[split]));
        if (backend.serial(d[split], grain)) {
            AxisLoops.sum(data, d, os, mean, acc, split, 0, d[split]);
        } else {
            backend.parallel(d[split], grain, (f, t) -> AxisLoops.sum(data, d, os, mean, acc, split, f, t));
        }
    }

    @Override
    public Tensor addAlong(int axis, Tensor vector, Tensor dest) {
        return along("addAlong", axis, vector, dest, false);
    }

    @Override
    public Tensor mulAlong(int axis, Tensor vector, Tensor dest) {
        return along("mulAlong", axis, vector, dest, true);
    }

    private Tensor along(String op, int axis, Tensor vector, Tensor dest, boolean multiply) {
        ShapeChecks.alongAxis(op, this, axis, vector);
        float[] v = cast(op, vector).data;
        float[] d = destination(op, dest);
        int channels = shape.dim(axis);
        int inner = 1;
        for (int a = axis + 1; a < shape.rank(); a++) {
            inner *= shape.dim(a);
        }
        int lines = data.length / inner; // (outer index, channel) pairs, each a contiguous run of `inner`
        int grain = rowGrain(inner, cheap());
        int runLength = inner;
        if (backend.serial(lines, grain)) {
            AxisLoops.along(data, v, d, channels, runLength, 0, lines, multiply);
        } else {
            backend.parallel(lines, grain, (f, t) -> AxisLoops.along(data, v, d, channels, runLength, f, t, multiply));
        }
        return dest;
    }

    @Override
    public Tensor permute(int[] order, Tensor dest) {
        ShapeChecks.dest("permute", ShapeChecks.permuted("permute", shape, order), dest);
        float[] d = cast("permute", dest).data;
        if (d == data) {
            throw new IllegalArgumentException("permute: the destination shares storage with the tensor " + shape
                    + " (the same tensor or a reshaped view); pass a destination with its own storage");
        }
        AxisLoops.permute(data, shape, order, d);
        return dest;
    }

    // ---- reductions (accumulated in double, on the calling thread) ----

    @Override
    public float sum() {
        return (float) k().sum(data, 0, data.length);
    }

    @Override
    public float sumOfSquares() {
        return (float) k().sumOfSquares(data, 0, data.length);
    }

    @Override
    public float max() {
        return k().max(data, 0, data.length);
    }

    @Override
    public float min() {
        return k().min(data, 0, data.length);
    }

    @Override
    public String toString() {
        return "PureTensor" + shape;
    }
}
