package io.neurite.backend.nd4j;

import io.neurite.tensor.Backend;
import io.neurite.discovery.Backends;
import io.neurite.tensor.Shape;
import io.neurite.tensor.Tensor;

/**
 * Run in a child JVM by tests: prints {@link Backends#describe()}, the default backend's name, and the
 * checksum of a 384×384 gemm on it (big enough for OpenBLAS to use its threads), so a hang shows up as a
 * timeout.
 */
public final class DescribeBackendsMain {
    private DescribeBackendsMain() {
    }

    public static void main(String[] args) {
        System.out.print(Backends.describe());
        Backend backend = Backends.get();
        System.out.println("default=" + backend.name());
        Tensor a = backend.full(Shape.of(384, 384), 0.5f);
        Tensor c = backend.zeros(384, 384);
        backend.gemm(1f, a, false, a, true, 0f, c);
        System.out.println("gemm=" + c.sum());
    }
}
