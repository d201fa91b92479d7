package io.neurite.examples;

import io.neurite.tensor.Backend;
import java.lang.reflect.Method;

/**
 * Which kernels the pure backend runs: SIMD (the incubating Vector API, module {@code jdk.incubator.vector})
 * or scalar. The module can only be added on the java command line — a jar's manifest cannot add it — so a
 * plain {@code java -jar neurite.jar} runs the scalar path, several times slower; {@code bin/neurite} adds it.
 */
final class KernelPathInfo {
    static final String MODULE = "jdk.incubator.vector";

    private KernelPathInfo() {
    }

    /** One line about the kernel path of {@code pure}, a pure backend. */
    static String describe(Backend pure) {
        Boolean simd = simd(pure);
        boolean module = ModuleLayer.boot().findModule(MODULE).isPresent();
        if (simd == null) {
            return "scalar kernels (this build of the pure backend has no SIMD path)";
        }
        if (simd) {
            return "SIMD path (" + MODULE + ")";
        }
        if (!module) {
            return "scalar path: " + MODULE + " is not present, so training is several times slower; run bin/neurite,"
                    + " or java --add-modules " + MODULE + " -jar neurite.jar ...";
        }
        return "scalar path (-Dneurite.simd=false, or the Vector API failed to load: see the log)";
    }

    /** {@code PureBackend.simd()}, or null if this version of the backend has no such method. */
    private static Boolean simd(Backend pure) {
        try {
            Method m = pure.getClass().getMethod("simd");
            return (Boolean) m.invoke(pure);
        } catch (ReflectiveOperationException | ClassCastException e) {
            return null;
        }
    }
}
