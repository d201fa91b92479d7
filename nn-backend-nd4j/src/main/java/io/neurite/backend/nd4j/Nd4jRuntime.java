package io.neurite.backend.nd4j;

import org.bytedeco.openblas.global.openblas_nolapack;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.nativeblas.NativeOps;
import org.nd4j.nativeblas.NativeOpsHolder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads ND4J's native libraries once per process and configures their threads.
 *
 * <p>Order matters: the OpenMP environment is prepared ({@link OpenMpEnvironment}) before anything touches
 * {@link Nd4j}, whose static initialiser loads libnd4jcpu, libgomp and OpenBLAS. The first failure is kept:
 * after an {@link ExceptionInInitializerError} the JVM only says "Could not initialize class Nd4j", so every
 * later caller is given the loader's original error instead.
 *
 * <p>ND4J's thread settings are process-wide: the most recent {@link #configureThreads} wins.
 */
final class Nd4jRuntime {
    private static final Logger LOG = LoggerFactory.getLogger(Nd4jRuntime.class);

    /** The result of loading: {@code error} is null on success. */
    record Status(Throwable error, String openMp) {
        boolean loaded() {
            return error == null;
        }
    }

    private static Status status;

    private Nd4jRuntime() {
    }

    /** Loads ND4J (first call only) with {@code threads} OpenMP threads; never throws. */
    static synchronized Status load(int threads) {
        if (status == null) {
            status = tryLoad(threads);
        }
        return status;
    }

    private static Status tryLoad(int threads) {
        OpenMpEnvironment.Outcome omp = OpenMpEnvironment.prepare(threads);
        if (omp.warning() != null) {
            LOG.warn(omp.warning());
        }
        String unsupported = NativeBuildCheck.problem();
        if (unsupported != null) {
            return new Status(new IllegalStateException(unsupported), omp.summary());
        }
        try {
            // Touching Nd4j runs its static initialiser: backend discovery and the native libraries.
            String backend = Nd4j.getBackend().getClass().getName();
            if (!backend.equals("org.nd4j.linalg.cpu.nativecpu.CpuBackend")) {
                throw new IllegalStateException("ND4J chose backend " + backend + "; Neurite's nd4j backend needs"
                        + " nd4j-native (org.nd4j.linalg.cpu.nativecpu.CpuBackend)");
            }
            Nd4j.create(DataType.FLOAT, 1); // forces the native ops and their first allocation
            configureThreads(threads);
            LOG.debug("ND4J loaded: {}; {}", backend, omp.summary());
            return new Status(null, omp.summary());
        } catch (Throwable t) { // UnsatisfiedLinkError, ExceptionInInitializerError, NoClassDefFoundError, ...
            return new Status(t, omp.summary());
        }
    }

    /** Sets libnd4j's OpenMP threads and OpenBLAS's threads (ND4J's own settings; safe after loading). */
    static synchronized void configureThreads(int threads) {
        Nd4j.getEnvironment().setMaxThreads(threads);
        Nd4j.getEnvironment().setMaxMasterThreads(threads);
        // Environment.setMaxThreads does not reach OpenMP in M2.1 (deeplearning4j issue #9668), and ND4J's
        // loader has already called setOmpNumThreads(cores) because Java's view of the environment misses
        // the OMP_NUM_THREADS set in-process: set it here, where omp_get_max_threads() then agrees.
        NativeOpsHolder.getInstance().getDeviceNativeOps().setOmpNumThreads(threads);
        Nd4j.factory().blas().setMaxThreads(threads);
    }

    /** {@code libnd4j OpenMP threads 2, OpenBLAS threads 2}, as the native libraries report them. */
    static String threadReport() {
        return "libnd4j OpenMP threads " + NativeOpsHolder.getInstance().getDeviceNativeOps().ompGetMaxThreads()
                + ", OpenBLAS threads " + openblas_nolapack.blas_get_num_threads();
    }

    /** {@code libnd4j build generic x86, CPU supports AVX512}: whether an -avx classifier would help. */
    static String buildReport() {
        NativeOps ops = NativeOpsHolder.getInstance().getDeviceNativeOps();
        return "libnd4j build " + level(ops.binaryLevel()) + ", CPU supports " + level(ops.optimalLevel());
    }

    /** ND4J's numbering (CpuNDArrayFactory): 0 and 1 generic, 2 AVX2, 3 AVX-512. */
    private static String level(int level) {
        return switch (level) {
            case 2 -> "AVX2";
            case 3 -> "AVX512";
            default -> "generic x86";
        };
    }

    /**
     * The loader's error as one line: each cause's class and first message line, outermost first, e.g.
     * {@code java.lang.ExceptionInInitializerError <- java.lang.UnsatisfiedLinkError: no jnind4jcpu in
     * java.library.path}.
     */
    static String describe(Throwable error) {
        StringBuilder sb = new StringBuilder();
        int depth = 0;
        for (Throwable t = error; t != null && depth < 6; t = t.getCause() == t ? null : t.getCause(), depth++) {
            if (sb.length() > 0) {
                sb.append(" <- ");
            }
            sb.append(t.getClass().getName());
            String message = t.getMessage();
            if (message != null && !message.isBlank()) {
                sb.append(": ").append(message.lines().findFirst().orElse("").strip());
            }
        }
        return sb.toString();
    }
}
