package io.neurite.backend.pure;

import io.neurite.spi.BackendProvider;
import io.neurite.tensor.Backend;

/** Registers the pure-Java backend. Always available: it needs nothing beyond the JDK. */
public final class PureBackendProvider implements BackendProvider {
    /** Lower than native backends, so adding one of those makes it the default. */
    public static final int PRIORITY = 100;

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
