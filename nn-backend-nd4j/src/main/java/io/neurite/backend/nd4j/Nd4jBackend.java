package io.neurite.backend.nd4j;

import io.neurite.tensor.Backend;
import io.neurite.tensor.Shape;
import io.neurite.tensor.ShapeChecks;
import io.neurite.tensor.Tensor;
import org.bytedeco.openblas.global.openblas_nolapack;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Tensors on ND4J {@link INDArray}s (float32, c-order, off-heap), computed by libnd4j and OpenBLAS.
 *
 * <p>{@link #gemm} calls OpenBLAS's {@code cblas_sgemm} — the routine ND4J's own {@code CpuLevel3.sgemm}
 * calls — on the arrays' native memory with the transpose flags: no transposed copy, no result
 * allocation, no ND4J op set-up per call. ({@code Nd4j.gemm} instead goes through libnd4j's {@code matmul}
 * custom op, and {@code A.mmul(B)} also allocates its result; the latter measured 4–15× slower for
 * n ≤ 256 in issue 3.)
 *
 * <p>Threads: {@code -Dneurite.threads} (default: available processors) sets libnd4j's OpenMP threads and
 * OpenBLAS's threads. ND4J's thread settings are process-wide, so the most recently created backend's
 * count applies. Creating a backend loads ND4J's native libraries if that has not happened yet and fails
 * with the loader's error if they cannot be loaded.
 */
public final class Nd4jBackend implements Backend {
    private static final int ROW_MAJOR = openblas_nolapack.CblasRowMajor;
    private static final int NO_TRANS = openblas_nolapack.CblasNoTrans;
    private static final int TRANS = openblas_nolapack.CblasTrans;

    private final int threads;
    private final String openMp;
    private final Nd4jKernels kernels = new Nd4jKernels(this);

    public Nd4jBackend(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1 but was " + threads);
        }
        Nd4jRuntime.Status status = Nd4jRuntime.load(threads);
        if (!status.loaded()) {
            throw new IllegalStateException("The nd4j backend cannot start: ND4J native library failed to load: "
                    + Nd4jRuntime.describe(status.error()), status.error());
        }
        Nd4jRuntime.configureThreads(threads);
        this.threads = threads;
        this.openMp = status.openMp();
    }

    @Override
    public String name() {
        return "nd4j";
    }

    @Override
    public String describe() {
        return "nd4j: ND4J " + Nd4jVersions.ND4J + " INDArray tensors (float32, off-heap), OpenBLAS "
                + Nd4jVersions.OPENBLAS + " cblas_sgemm, " + Nd4jRuntime.buildReport() + ", " + threads + " thread(s) ("
                + Nd4jRuntime.threadReport() + "); " + openMp;
    }

    @Override
    public int threads() {
        return threads;
    }

    @Override
    public io.neurite.kernel.Kernels kernels() {
        return kernels;
    }

    @Override
    public Tensor zeros(Shape shape) {
        return new Nd4jTensor(this, Nd4j.create(DataType.FLOAT, Nd4jTensor.longs(shape), 'c'), shape);
    }

    @Override
    public Tensor of(float[] data, Shape shape) {
        if (data.length != shape.size()) {
            throw new IllegalArgumentException("of: " + data.length + " values cannot fill shape " + shape + " of "
                    + shape.size() + " elements");
        }
        Nd4jTensor t = new Nd4jTensor(this, Nd4j.create(DataType.FLOAT, Nd4jTensor.longs(shape), 'c'), shape);
        t.copyFrom(data, 0);
        return t;
    }

    @Override
    public void gemm(float alpha, Tensor a, boolean transA, Tensor b, boolean transB, float beta, Tensor c) {
        Shape as = a.shape();
        Shape bs = b.shape();
        // ShapeChecks' allocation-free variant: a training step calls gemm a dozen times
        ShapeChecks.gemmAllocationFree("gemm", a, transA, b, transB, c);
        int m = as.dim(transA ? 1 : 0);
        int k = as.dim(transA ? 0 : 1);
        int n = bs.dim(transB ? 0 : 1);
        Nd4jTensor na = Nd4jTensor.cast("gemm", this, a);
        Nd4jTensor nb = Nd4jTensor.cast("gemm", this, b);
        Nd4jTensor nc = Nd4jTensor.cast("gemm", this, c);
        if (nc.overlaps(na) || nc.overlaps(nb)) {
            throw new IllegalArgumentException("gemm: C " + c.shape() + " shares storage with " + (nc.overlaps(na)
                    ? "A " + a.shape() : "B " + b.shape()) + " (a reshaped view?); gemm writes C while reading A and B,"
                    + " so pass a C with its own storage");
        }
        // Row-major: the leading dimension of each operand is its stored column count.
        openblas_nolapack.cblas_sgemm(ROW_MAJOR, transA ? TRANS : NO_TRANS, transB ? TRANS : NO_TRANS,
                m, n, k, alpha, na.pointer(), as.dim(1), nb.pointer(), bs.dim(1), beta, nc.pointer(), n);
    }

    @Override
    public String toString() {
        return describe();
    }
}
