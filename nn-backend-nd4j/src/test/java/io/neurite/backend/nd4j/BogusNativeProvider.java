package io.neurite.backend.nd4j;

import io.neurite.spi.BackendProvider;
import io.neurite.tensor.Backend;

/**
 * A ServiceLoader-loadable nd4j provider whose native library cannot load: the real provider's logic with a
 * loader that asks for a library that does not exist.
 */
public final class BogusNativeProvider implements BackendProvider {
    static final String LIBRARY = "neurite_no_such_native_lib";

    private final Nd4jBackendProvider delegate = new Nd4jBackendProvider(threads -> System.loadLibrary(LIBRARY));

    @Override
    public String name() {
        return delegate.name();
    }

    @Override
    public int priority() {
        return delegate.priority();
    }

    @Override
    public boolean isAvailable() {
        return delegate.isAvailable();
    }

    @Override
    public String unavailableReason() {
        return delegate.unavailableReason();
    }

    @Override
    public Backend create() {
        return delegate.create();
    }
}
