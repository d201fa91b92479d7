package io.neurite.backend.pure;

import io.neurite.spi.BackendProvider;
import io.neurite.tensor.Backend;

/** Registers the pure-Java backend. Always available: it needs nothing beyond the JDK. */
public final class PureBackendProvider implements BackendProvider {
    /**
     * Above the ND4J backend's 200, so that with both on the class path the default is the faster one for the
     * work Neurite's layers do: measured (nn-bench, 2-core Zen 3 AVX2, Zen 4 and Zen 5 AVX-512 machines) the
     * pure backend trains the MLP 784-256-128-10 2-3 times faster than ND4J over OpenBLAS, and the
     * Fashion-MNIST job in about half the time. ND4J stays one {@code -Dneurite.backend=nd4j} away.
     */
    public static final int PRIORITY = 300;

    @Override
    public String name() {
        return "pure";
    }

    @Override
    public int priority() {
        return PRIORITY;
    }

    @Override
    public boolean isAvailable() {
        return true;
    }

    @Override
    public Backend create() {
        return new PureBackend(PureBackend.configuredThreads());
    }
}
