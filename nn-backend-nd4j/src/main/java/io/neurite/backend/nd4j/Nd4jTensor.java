package io.neurite.backend.nd4j;

import io.neurite.tensor.Backend;
import io.neurite.tensor.Shape;
import io.neurite.tensor.ShapeChecks;
import io.neurite.tensor.Tensor;
import java.nio.FloatBuffer;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.openblas.global.openblas_nolapack;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.Op;
import org.nd4j.linalg.api.ops.impl.broadcast.BroadcastAddOp;
import org.nd4j.linalg.api.ops.impl.broadcast.BroadcastMulOp;
import org.nd4j.linalg.api.ops.impl.reduce.floating.Mean;
import org.nd4j.linalg.api.ops.impl.summarystats.Variance;
import org.nd4j.linalg.api.ops.impl.reduce.same.Sum;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A tensor on one float32, c-order {@link INDArray} that owns (or, after {@link #reshape}, shares) a whole
 * contiguous off-heap buffer starting at offset 0.
 *
 * <p>The element-wise, scalar, row-wise and whole-tensor ops are Java loops over the native memory
 * ({@link NativeKernels}) in the pure backend's arithmetic; {@link #fill} with zero is a {@code memset}, and
 * {@link #addScaledInPlace} is OpenBLAS's {@code saxpy}. None of them allocates, which is what lets a training
 * step run without garbage (issue 14): executing an ND4J op object costs 2.6-7.8 KB of descriptors and
 * 10-40 µs of set-up per call, more than these loops take at the sizes a training step uses. Only the ops
 * along arbitrary axes ({@code sumAlong}, {@code meanAlong}, {@code varianceAlong}, {@code addAlong},
 * {@code mulAlong}, {@code permute}) still go through libnd4j.
 *
 * <p>libnd4j's own ops would not all have been usable anyway: ND4J M2.1's {@code PreciseGELU} is not the
 * tanh form (0.831 vs 0.841 at x = 1), its {@code softplus} overflows to infinity above x ≈ 88, its
 * leaky-ReLU gradient at x = 0 is 1 rather than the slope, its scalar and row maxima drop NaN, its
 * {@code log_softmax} is {@code log(softmax(x))} (-inf where the contract's stable form gives
 * x - max - log(sum)), and its {@code tanh_bp} loses about 3e-5 relative to float cancellation in
 * {@code 1 - tanh²} near saturation. Whole-tensor reductions accumulate in double, as the contract requires.
 */
final class Nd4jTensor implements Tensor {
    private final Nd4jBackend backend;
    final INDArray array;
    private final Shape shape;
    private final FloatPointer pointer;
    private final FloatBuffer view;

    Nd4jTensor(Nd4jBackend backend, INDArray array, Shape shape) {
        if (array.dataType() != DataType.FLOAT || array.ordering() != 'c' || array.offset() != 0
                || array.length() != shape.size()) {
            throw new IllegalStateException("internal: an Nd4jTensor needs a float c-order array at offset 0 of "
                    + shape.size() + " elements, got " + array.shapeInfoToString());
        }
        this.backend = backend;
        this.array = array;
        this.shape = shape;
        this.pointer = new FloatPointer(array.data().addressPointer());
        this.pointer.capacity(shape.size()).limit(shape.size());
        this.view = pointer.asBuffer();
    }

    static long[] longs(Shape shape) {
        long[] d = new long[shape.rank()];
        for (int i = 0; i < d.length; i++) {
            d[i] = shape.dim(i);
        }
        return d;
    }

    private static long[] cStrides(Shape shape) {
        long[] s = new long[shape.rank()];
        long stride = 1;
        for (int i = s.length - 1; i >= 0; i--) {
            s[i] = stride;
            stride *= shape.dim(i);
        }
        return s;
    }

    /** {@code t} as an Nd4jTensor of {@code backend}, or an error naming the operation. */
    static Nd4jTensor cast(String op, Nd4jBackend backend, Tensor t) {
        if (t instanceof Nd4jTensor n && n.backend == backend) {
            return n;
        }
        throw new IllegalArgumentException(op + ": a tensor of backend '" + t.backend().name()
                + "' was passed to backend '" + backend.name() + "'; move it with tensor.to(backend)");
    }

    /** The elements as a buffer over the native memory (absolute get/put only: it is shared). */
    FloatBuffer view() {
        return view;
    }

    FloatPointer pointer() {
        return pointer;
    }

    /** Whether the two tensors' native memory overlaps (reshaped views of one buffer do). */
    boolean overlaps(Nd4jTensor other) {
        long a = pointer.address();
        long b = other.pointer.address();
        return a < b + 4L * other.size() && b < a + 4L * size();
    }

    private Nd4jTensor sameShape(String op, Tensor t) {
        ShapeChecks.same(op, this, t);
        return cast(op, backend, t);
    }

    private Nd4jTensor destination(String op, Tensor dest) {
        ShapeChecks.dest(op, shape, dest);
        return cast(op, backend, dest);
    }

    private static void exec(Op op) {
        Nd4j.getExecutioner().exec(op);
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
        float[] out = new float[size()];
        view.get(0, out);
        return out;
    }

    @Override
    public float get(int index) {
        return view.get(index);
    }

    @Override
    public void set(int index, float value) {
        view.put(index, value);
    }

    @Override
    public Tensor copyFrom(float[] src, int offset) {
        int n = size();
        if (offset < 0 || offset + n > src.length) {
            throw new IllegalArgumentException("copyFrom: need " + n + " values from offset " + offset
                    + " but the array has " + src.length);
        }
        view.put(0, src, offset, n);
        return this;
    }

    @Override
    public Tensor gatherRows(float[] src, int[] offsets) {
        int rowLength = ShapeChecks.gatherRows(this, src, offsets); // also rejects a scalar
        int rows = shape().dim(0);
        for (int r = 0; r < rows; r++) {
            view.put(r * rowLength, src, offsets[r], rowLength);
        }
        return this;
    }

    @Override
    public Tensor gatherRows(float[] src, int[] offsets, float[] shift, float[] scale) {
        int rowLength = ShapeChecks.gatherRows(this, src, offsets, shift, scale); // also rejects a scalar
        int rows = shape().dim(0);
        // Value by value into native memory: no staging array, so nothing is allocated.
        for (int r = 0; r < rows; r++) {
            int o = offsets[r];
            int d = r * rowLength;
            for (int j = 0; j < rowLength; j++) {
                view.put(d + j, (src[o + j] - shift[j]) * scale[j]);
            }
        }
        return this;
    }

    @Override
    public Tensor copyFrom(Tensor src) {
        Nd4jTensor s = sameShape("copyFrom", src);
        if (s.pointer.address() != pointer.address()) {
            Pointer.memcpy(pointer, s.pointer, 4L * size());
        }
        return this;
    }

    @Override
    public Tensor fill(float value) {
        if (Float.floatToRawIntBits(value) == 0) {
            Pointer.memset(pointer, 0, 4L * size()); // +0.0f is all zero bits (zeroGrad's case)
        } else {
            NativeKernels.fill(view, value, size());
        }
        return this;
    }

    @Override
    public Tensor reshape(Shape newShape) {
        if (newShape.size() != shape.size()) {
            throw new IllegalArgumentException("reshape: cannot view " + shape + " (" + shape.size() + " elements) as "
                    + newShape + " (" + newShape.size() + " elements)");
        }
        // A new array header over the same DataBuffer: sharing is guaranteed, whatever INDArray.reshape decides.
        INDArray same = Nd4j.create(array.data(), longs(newShape), cStrides(newShape), 0L, 'c');
        return new Nd4jTensor(backend, same, newShape);
    }

    // ---- element-wise binary ----

    @Override
    public Tensor add(Tensor other, Tensor dest) {
        Nd4jTensor o = sameShape("add", other);
        Nd4jTensor d = destination("add", dest);
        NativeKernels.add(view, o.view, d.view, size());
        return dest;
    }

    @Override
    public Tensor sub(Tensor other, Tensor dest) {
        Nd4jTensor o = sameShape("sub", other);
        Nd4jTensor d = destination("sub", dest);
        NativeKernels.sub(view, o.view, d.view, size());
        return dest;
    }

    @Override
    public Tensor mul(Tensor other, Tensor dest) {
        Nd4jTensor o = sameShape("mul", other);
        Nd4jTensor d = destination("mul", dest);
        NativeKernels.mul(view, o.view, d.view, size());
        return dest;
    }

    @Override
    public Tensor div(Tensor other, Tensor dest) {
        Nd4jTensor o = sameShape("div", other);
        Nd4jTensor d = destination("div", dest);
        NativeKernels.div(view, o.view, d.view, size());
        return dest;
    }

    @Override
    public Tensor addScaledInPlace(float alpha, Tensor x) {
        Nd4jTensor o = sameShape("addScaledInPlace", x);
        openblas_nolapack.cblas_saxpy(size(), alpha, o.pointer, 1, pointer, 1);
        return this;
    }

    // ---- scalar ----

    @Override
    public Tensor scale(float factor, Tensor dest) {
        Nd4jTensor d = destination("scale", dest);
        NativeKernels.scale(view, factor, d.view, size());
        return dest;
    }

    @Override
    public Tensor addScalar(float value, Tensor dest) {
        Nd4jTensor d = destination("addScalar", dest);
        NativeKernels.addScalar(view, value, d.view, size());
        return dest;
    }

    @Override
    public Tensor clamp(float min, float max, Tensor dest) {
        if (!(min <= max)) {
            throw new IllegalArgumentException("clamp: min " + min + " must be <= max " + max);
        }
        Nd4jTensor d = destination("clamp", dest);
        NativeKernels.clamp(view, min, max, d.view, size());
        return dest;
    }

    @Override
    public Tensor maxScalar(float value, Tensor dest) {
        Nd4jTensor d = destination("maxScalar", dest);
        NativeKernels.maxScalar(view, value, d.view, size());
        return dest;
    }

    // ---- unary ----

    @Override
    public Tensor exp(Tensor dest) {
        Nd4jTensor d = destination("exp", dest);
        NativeKernels.exp(view, d.view, size());
        return dest;
    }

    @Override
    public Tensor log(Tensor dest) {
        Nd4jTensor d = destination("log", dest);
        NativeKernels.log(view, d.view, size());
        return dest;
    }

    @Override
    public Tensor sqrt(Tensor dest) {
        Nd4jTensor d = destination("sqrt", dest);
        NativeKernels.sqrt(view, d.view, size());
        return dest;
    }

    @Override
    public Tensor square(Tensor dest) {
        Nd4jTensor d = destination("square", dest);
        NativeKernels.square(view, d.view, size());
        return dest;
    }

    @Override
    public Tensor abs(Tensor dest) {
        Nd4jTensor d = destination("abs", dest);
        NativeKernels.abs(view, d.view, size());
        return dest;
    }

    // ---- row-wise ----

    @Override
    public Tensor addRowVector(Tensor row, Tensor dest) {
        ShapeChecks.rowVector("addRowVector", this, row);
        Nd4jTensor r = cast("addRowVector", backend, row);
        Nd4jTensor d = destination("addRowVector", dest);
        NativeKernels.addRowVector(view, r.view, d.view, shape.dim(0), shape.dim(1));
        return dest;
    }

    @Override
    public Tensor sumColumns(Tensor dest) {
        int cols = shape.cols("sumColumns");
        Nd4jTensor d = vectorDestination("sumColumns", cols, dest);
        NativeKernels.sumColumns(view, d.view, shape.dim(0), cols);
        return dest;
    }

    @Override
    public Tensor sumRows(Tensor dest) {
        int rows = shape.rows("sumRows");
        Nd4jTensor d = vectorDestination("sumRows", rows, dest);
        NativeKernels.sumRows(view, d.view, rows, shape.dim(1));
        return dest;
    }

    @Override
    public Tensor maxRows(Tensor dest) {
        int rows = shape.rows("maxRows");
        Nd4jTensor d = vectorDestination("maxRows", rows, dest);
        NativeKernels.maxRows(view, rows, shape.dim(1), d.view);
        return dest;
    }

    @Override
    public int[] argmaxRows() {
        int rows = shape.rows("argmaxRows");
        return NativeKernels.argmaxRows(view, rows, shape.dim(1));
    }

    @Override
    public Tensor softmaxRows(Tensor dest) {
        int rows = shape.rows("softmaxRows");
        Nd4jTensor d = destination("softmaxRows", dest);
        NativeKernels.softmaxRows(view, rows, shape.dim(1), d.view);
        return dest;
    }

    @Override
    public Tensor logSoftmaxRows(Tensor dest) {
        int rows = shape.rows("logSoftmaxRows");
        Nd4jTensor d = destination("logSoftmaxRows", dest);
        NativeKernels.logSoftmaxRows(view, rows, shape.dim(1), d.view);
        return dest;
    }

    /** A {@code [length]} destination, checked without building the expected shape (no allocation). */
    private Nd4jTensor vectorDestination(String op, int length, Tensor dest) {
        Shape ds = dest.shape();
        if (ds.rank() != 1 || ds.dim(0) != length) {
            ShapeChecks.dest(op, Shape.of(length), dest);
        }
        return cast(op, backend, dest);
    }

    // ---- along axes ----

    /** Checks a reduction's axes and destination; returns the destination. */
    private Nd4jTensor reduction(String op, int[] axes, Tensor dest) {
        ShapeChecks.dest(op, ShapeChecks.reduced(op, shape, axes), dest);
        return cast(op, backend, dest);
    }

    @Override
    public Tensor sumAlong(int[] axes, Tensor dest) {
        Nd4jTensor d = reduction("sumAlong", axes, dest);
        exec(new Sum(array, d.array, axes.clone()));
        return dest;
    }

    @Override
    public Tensor meanAlong(int[] axes, Tensor dest) {
        Nd4jTensor d = reduction("meanAlong", axes, dest);
        exec(new Mean(array, d.array, axes.clone()));
        return dest;
    }

    @Override
    public Tensor varianceAlong(int[] axes, Tensor dest) {
        Nd4jTensor d = reduction("varianceAlong", axes, dest);
        exec(new Variance(array, d.array, false, axes.clone()));
        return dest;
    }

    @Override
    public Tensor addAlong(int axis, Tensor vector, Tensor dest) {
        ShapeChecks.alongAxis("addAlong", this, axis, vector);
        Nd4jTensor v = cast("addAlong", backend, vector);
        Nd4jTensor d = destination("addAlong", dest);
        exec(new BroadcastAddOp(array, v.array, d.array, axis));
        return dest;
    }

    @Override
    public Tensor mulAlong(int axis, Tensor vector, Tensor dest) {
        ShapeChecks.alongAxis("mulAlong", this, axis, vector);
        Nd4jTensor v = cast("mulAlong", backend, vector);
        Nd4jTensor d = destination("mulAlong", dest);
        exec(new BroadcastMulOp(array, v.array, d.array, axis));
        return dest;
    }

    @Override
    public Tensor permute(int[] order, Tensor dest) {
        ShapeChecks.dest("permute", ShapeChecks.permuted("permute", shape, order), dest);
        Nd4jTensor d = cast("permute", backend, dest);
        if (d.overlaps(this)) {
            throw new IllegalArgumentException("permute: the destination shares storage with the tensor " + shape
                    + " (the same tensor or a reshaped view); pass a destination with its own storage");
        }
        // permute() is a strided view of this array; assign copies it into the c-order destination
        d.array.assign(array.permute(order.clone()));
        return dest;
    }

    // ---- reductions ----

    @Override
    public float sum() {
        return NativeKernels.sum(view, size());
    }

    @Override
    public float sumOfSquares() {
        return NativeKernels.sumOfSquares(view, size());
    }

    @Override
    public float max() {
        return NativeKernels.max(view, size());
    }

    @Override
    public float min() {
        return NativeKernels.min(view, size());
    }

    @Override
    public String toString() {
        return "Nd4jTensor" + shape;
    }
}
