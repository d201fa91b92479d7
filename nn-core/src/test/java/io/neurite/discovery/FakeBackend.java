package io.neurite.discovery;

import io.neurite.tensor.Backend;
import io.neurite.tensor.Shape;
import io.neurite.tensor.Tensor;

/** A backend that only has a name: for discovery tests, which never compute. */
final class FakeBackend implements Backend {
    private final String name;

    private FakeBackend(String name) {
        this.name = name;
    }

    static Backend named(String name) {
        return new FakeBackend(name);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String describe() {
        return name + ": fake";
    }

    @Override
    public int threads() {
        return 1;
    }

    @Override
    public io.neurite.kernel.Kernels kernels() {
        throw new UnsupportedOperationException("fake backend");
    }

    @Override
    public Tensor zeros(Shape shape) {
        throw new UnsupportedOperationException("fake backend");
    }

    @Override
    public Tensor of(float[] data, Shape shape) {
        throw new UnsupportedOperationException("fake backend");
    }

    @Override
    public void gemm(float alpha, Tensor a, boolean transA, Tensor b, boolean transB, float beta, Tensor c) {
        throw new UnsupportedOperationException("fake backend");
    }
}
