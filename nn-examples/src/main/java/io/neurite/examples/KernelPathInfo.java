package io.neurite.examples;

import io.neurite.backend.pure.PureBackend;
import io.neurite.tensor.Backend;

/**
 * Which kernels the pure backend runs: SIMD (the incubating Vector API, module {@code jdk.incubator.vector})
 * or scalar. The module can only be added on the java command line — a jar's manifest cannot add it — so
 * {@code bin/neurite} adds it, and a plain {@code java -jar neurite.jar} starts itself again with it
 * ({@link VectorModuleRelaunch}); only {@code -Dneurite.relaunch=false} or a runtime without the module
 * leaves the scalar path.
 */
final class KernelPathInfo {
    static final String MODULE = "jdk.incubator.vector";

    private KernelPathInfo() {
    }

    /** One line about the kernel path of {@code backend} if it is the pure backend, else null. */
    static String describe(Backend backend) {
        if (!(backend instanceof PureBackend pure)) {
            return null;
        }
        if (pure.simd()) {
            return "SIMD path (" + MODULE + ")";
        }
        if (ModuleLayer.boot().findModule(MODULE).isEmpty()) {
            return "scalar path: " + MODULE + " is not present, so training is about 15 times slower; run bin/neurite,"
                    + " or java --add-modules " + MODULE + " -jar nn-examples/target/neurite.jar ... (plain java -jar"
                    + " adds it by itself unless -Dneurite.relaunch=false)";
        }
        return "scalar path (-Dneurite.simd=false, or the Vector API failed to load: see the log above)";
    }
}
