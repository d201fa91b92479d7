package io.neurite.bench;

import io.neurite.tensor.Backend;
import io.neurite.discovery.Backends;

/**
 * What every benchmark fork shares: its JVM flags, and how the {@code threads} parameter reaches a backend.
 *
 * <h2>Why threads are set in a trial set-up</h2>
 * A JMH {@code @Param} is not a JVM flag, but JMH runs every parameter combination in a fresh fork (when
 * forks &ge; 1), so setting {@code -Dneurite.threads} as a system property in a {@code Level.Trial}
 * set-up, <em>before</em> the first call to {@link Backends#get(String)} in that JVM, is equivalent to
 * passing it on the fork's command line: backends read it when they are created, and each is created
 * once per process. {@link #neurite} checks that this really happened: with {@code -f 0} every
 * combination shares one JVM and the second thread count would silently be ignored, so it fails instead.
 */
public final class BenchSetup {
    /** The system property all Neurite backends read their worker count from. */
    public static final String THREADS_PROPERTY = "neurite.threads";

    // JVM flags for every fork (annotations need constants, so they are listed one by one).
    /** The pure backend's SIMD path needs the incubator module; without it, it falls back to scalar. */
    public static final String ADD_MODULES = "--add-modules";
    public static final String VECTOR_MODULE = "jdk.incubator.vector";
    /** JNA and JavaCPP load native code; JDK 22+ warns about it at every load unless this is given. */
    public static final String NATIVE_ACCESS = "--enable-native-access=ALL-UNNAMED";
    /** A fixed heap, so that heap resizing is not measured. */
    public static final String XMS = "-Xms2g";
    public static final String XMX = "-Xmx2g";
    /** ND4J and DL4J log their start-up at INFO through SLF4J; keep the JMH log readable. */
    public static final String QUIET_LOG = "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn";

    private BenchSetup() {
    }

    /**
     * The Neurite backend {@code name} with {@code threads} workers, created in this fork's trial set-up.
     *
     * @throws IllegalStateException if the backend already existed with another thread count
     */
    public static Backend neurite(String name, int threads) {
        System.setProperty(THREADS_PROPERTY, Integer.toString(threads));
        Backend backend = Backends.get(name);
        if (backend.threads() != threads) {
            throw new IllegalStateException("Backend '" + name + "' runs " + backend.threads()
                    + " thread(s) but the benchmark asked for " + threads + ": it was created earlier in this JVM. "
                    + "Run every parameter combination in its own fork (JMH -f 1 or more, never -f 0).");
        }
        announce(backend.describe());
        return backend;
    }

    /** Prints which implementation a fork measures, so a log shows e.g. whether the SIMD path was active. */
    public static void announce(String what) {
        System.out.println("# measuring: " + what);
    }
}
