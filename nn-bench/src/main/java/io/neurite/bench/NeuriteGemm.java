package io.neurite.bench;

import io.neurite.tensor.Backend;
import io.neurite.tensor.Tensor;

/** {@link GemmCase} through Neurite's {@link Backend#gemm}, the primitive every Dense layer uses. */
final class NeuriteGemm implements GemmCase {
    private final Backend backend;
    private final Tensor a;
    private final Tensor b;
    private final Tensor c;
    private final boolean transA;
    private final boolean transB;

    NeuriteGemm(Backend backend, int m, int n, int k, boolean transA, boolean transB) {
        this.backend = backend;
        this.transA = transA;
        this.transB = transB;
        this.a = transA ? backend.of(BenchData.uniform(k * m, 1), k, m) : backend.of(BenchData.uniform(m * k, 1), m, k);
        this.b = transB ? backend.of(BenchData.uniform(n * k, 2), n, k) : backend.of(BenchData.uniform(k * n, 2), k, n);
        this.c = backend.zeros(m, n);
    }

    @Override
    public Object multiply() {
        backend.gemm(1f, a, transA, b, transB, 0f, c);
        return c;
    }
}
