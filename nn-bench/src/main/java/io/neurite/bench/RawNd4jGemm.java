package io.neurite.bench;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** {@link GemmCase} as ND4J's own {@code Nd4j.gemm} into an existing C: the fastest ND4J call there is. */
final class RawNd4jGemm implements GemmCase {
    private final INDArray a;
    private final INDArray b;
    private final INDArray c;
    private final boolean transA;
    private final boolean transB;

    RawNd4jGemm(int threads, int m, int n, int k, boolean transA, boolean transB) {
        RawNd4j.configure(threads);
        this.transA = transA;
        this.transB = transB;
        this.a = transA ? matrix(BenchData.uniform(k * m, 1), k, m) : matrix(BenchData.uniform(m * k, 1), m, k);
        this.b = transB ? matrix(BenchData.uniform(n * k, 2), n, k) : matrix(BenchData.uniform(k * n, 2), k, n);
        this.c = Nd4j.zeros(DataType.FLOAT, m, n);
    }

    private static INDArray matrix(float[] data, int rows, int cols) {
        return Nd4j.create(data, new long[] {rows, cols}, 'c');
    }

    @Override
    public Object multiply() {
        return Nd4j.gemm(a, b, c, transA, transB, 1.0, 0.0);
    }
}
