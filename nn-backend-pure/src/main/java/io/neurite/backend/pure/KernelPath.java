package io.neurite.backend.pure;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Chooses between the SIMD kernels (the incubating Vector API, module {@code jdk.incubator.vector}) and the
 * scalar ones, once per JVM. This class never mentions a Vector API type: the SIMD classes are loaded by
 * name, and only when the module is in the boot layer, so the backend runs (on the scalar path) on a JVM
 * started without {@code --add-modules jdk.incubator.vector}.
 *
 * <p>{@code -Dneurite.simd=false} forces the scalar path (for comparisons); the chosen path is logged once
 * (at warning level when the module is missing, since that is a forgotten flag) and shown in
 * {@code PureBackend.describe()}.
 */
final class KernelPath {
    /** System property that disables the SIMD path when set to {@code false}. */
    static final String SIMD_PROPERTY = "neurite.simd";
    static final String MODULE = "jdk.incubator.vector";

    private static final Logger LOG = LoggerFactory.getLogger(KernelPath.class);

    /** The kernels of the chosen path, shared by every backend instance (they hold no mutable state). */
    record Kernels(boolean simd, String name, ScalarKernels elementwise, MicroKernel micro, SmallGemm small,
                   OptimizerLoops optimizer, String why) {
    }

    private static final Kernels CHOSEN = choose();

    private KernelPath() {
    }

    static Kernels get() {
        return CHOSEN;
    }

    private static Kernels choose() {
        Kernels k;
        boolean forgotten = false;
        if ("false".equalsIgnoreCase(System.getProperty(SIMD_PROPERTY, "").trim())) {
            k = scalar("-D" + SIMD_PROPERTY + "=false");
        } else if (ModuleLayer.boot().findModule(MODULE).isEmpty()) {
            forgotten = true;
            k = scalar("module " + MODULE + " not present; add --add-modules " + MODULE + " to the java command"
                    + " line for SIMD");
        } else {
            try {
                ScalarKernels elementwise = (ScalarKernels) Class.forName(KernelPath.class.getPackageName()
                        + ".VectorKernels").getDeclaredConstructor().newInstance();
                MicroKernel micro = (MicroKernel) Class.forName(KernelPath.class.getPackageName()
                        + ".VectorMicroKernels").getDeclaredMethod("forThisCpu").invoke(null);
                SmallGemm small = (SmallGemm) Class.forName(KernelPath.class.getPackageName()
                        + ".VectorSmallGemm").getDeclaredConstructor().newInstance();
                OptimizerLoops optimizer = (OptimizerLoops) Class.forName(KernelPath.class.getPackageName()
                        + ".VectorOptimizerLoops").getDeclaredConstructor().newInstance();
                k = new Kernels(true, "SIMD", elementwise, micro, small, optimizer,
                        MODULE + ", " + elementwise.describe());
            } catch (ReflectiveOperationException | LinkageError e) {
                k = scalar("the Vector API failed to load (" + e + ")");
            }
        }
        if (forgotten) {
            // The one message a library user who forgot the flag gets: a warning, since everything still works
            // but about 15 times slower.
            LOG.warn("Neurite pure backend: scalar path, about 15x slower than SIMD: the JVM was started without"
                    + " --add-modules {}; add it to the java command line (or to surefire's argLine, the"
                    + " exec plugin's arguments, JAVA_TOOL_OPTIONS, ...)", MODULE);
        } else {
            LOG.info("Neurite pure backend: {} path ({}; gemm {})", k.name(), k.why(), k.micro().describe());
        }
        return k;
    }

    /**
     * For a kernel family kept in files of its own (a scalar class and its SIMD subclass): on the SIMD path a new
     * instance of {@code simdClass} (a class of this package, loaded by name, like the kernels above), else
     * {@code scalar}.
     */
    static <T> T simdOrScalar(Class<T> type, String simdClass, T scalar) {
        if (!CHOSEN.simd()) {
            return scalar;
        }
        try {
            return type.cast(Class.forName(KernelPath.class.getPackageName() + "." + simdClass)
                    .getDeclaredConstructor().newInstance());
        } catch (ReflectiveOperationException | LinkageError e) {
            // the SIMD path loaded its other kernels, so this is a packaging error, not a missing module
            throw new IllegalStateException("Neurite pure backend: the SIMD class " + simdClass + " failed to load"
                    + " although the SIMD path is active: " + e, e);
        }
    }

    private static Kernels scalar(String why) {
        return new Kernels(false, "scalar", new ScalarKernels(), new ScalarMicroKernel(), new ScalarSmallGemm(),
                new OptimizerLoops(), why);
    }
}
