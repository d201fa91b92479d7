package io.neurite.backend.nd4j;

import io.neurite.spi.BackendProvider;
import io.neurite.tensor.Backend;

/**
 * Registers the ND4J backend. Its priority (200) is above the pure backend's (100), so adding this module
 * makes it the default.
 *
 * <p>Constructing the provider does nothing; {@link #isAvailable()} loads ND4J's native libraries (once per
 * process). When they fail to load — missing classifier jar, other OS or CPU, broken cache — it answers
 * false and {@link #unavailableReason()} is the loader's own error, so that
 * {@link io.neurite.discovery.Backends#describe()} shows it and discovery of the other backends goes on.
 * Every {@link Throwable} is caught: a failing native load surfaces as {@link UnsatisfiedLinkError},
 * {@link ExceptionInInitializerError} or {@link NoClassDefFoundError}, not as an exception.
 */
public final class Nd4jBackendProvider implements BackendProvider {
    /** Below {@code PureBackendProvider.PRIORITY} (300): the pure backend measured faster for training. */
    public static final int PRIORITY = 200;

    /** Loads the native code for {@code threads} threads or throws what the loader threw. */
    @FunctionalInterface
    interface NativeLoader {
        void load(int threads) throws Throwable;
    }

    private final NativeLoader loader;
    private volatile String unavailable; // null until checked; "" when available

    public Nd4jBackendProvider() {
        this(threads -> {
            Nd4jRuntime.Status status = Nd4jRuntime.load(threads);
            if (!status.loaded()) {
                throw status.error();
            }
        });
    }

    /** For tests: a provider whose native loading is {@code loader}. */
    Nd4jBackendProvider(NativeLoader loader) {
        this.loader = loader;
    }

    @Override
    public String name() {
        return "nd4j";
    }

    @Override
    public int priority() {
        return PRIORITY;
    }

    @Override
    public boolean isAvailable() {
        return check().isEmpty();
    }

    @Override
    public String unavailableReason() {
        return check();
    }

    private String check() {
        String result = unavailable;
        if (result == null) {
            synchronized (this) {
                result = unavailable;
                if (result == null) {
                    result = tryLoad();
                    unavailable = result;
                }
            }
        }
        return result;
    }

    private String tryLoad() {
        int threads = ThreadsSetting.configured();
        try {
            loader.load(threads);
            return "";
        } catch (Throwable t) {
            return "ND4J native library failed to load: " + Nd4jRuntime.describe(t);
        }
    }

    @Override
    public Backend create() {
        String reason = check();
        if (!reason.isEmpty()) {
            throw new IllegalStateException("The nd4j backend is not available: " + reason);
        }
        return new Nd4jBackend(ThreadsSetting.configured());
    }
}
