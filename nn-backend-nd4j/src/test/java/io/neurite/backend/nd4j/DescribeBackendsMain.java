package io.neurite.backend.nd4j;

import io.neurite.tensor.Backends;

/** Prints {@link Backends#describe()} and the name of the default backend; run in a child JVM by tests. */
public final class DescribeBackendsMain {
    private DescribeBackendsMain() {
    }

    public static void main(String[] args) {
        System.out.print(Backends.describe());
        System.out.println("default=" + Backends.get().name());
    }
}
