package io.neurite.bench;

import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.nativeblas.NativeOps;
import org.nd4j.nativeblas.NativeOpsHolder;

/**
 * ND4J used directly, without Neurite: the {@code nd4j-raw} baseline that makes the cost of Neurite's
 * wrapper visible. Its thread settings must match those of Neurite's ND4J backend, or the ratio between
 * the two would measure thread settings instead of the wrapper.
 */
final class RawNd4j {
    /** The benchmarks' {@code backend} value for this baseline. */
    static final String NAME = "nd4j-raw";

    private RawNd4j() {
    }

    /**
     * Loads ND4J and applies {@code threads} to both of its pools: libnd4j's OpenMP threads and OpenBLAS's,
     * after giving OpenMP the same environment as Neurite's ND4J backend ({@link OpenMpEnv}). Called in a
     * trial set-up, before anything else in the fork has touched ND4J.
     */
    static void configure(int threads) {
        String openMp = OpenMpEnv.prepare(threads); // before the first use of Nd4j loads libgomp
        Nd4j.getEnvironment().setMaxThreads(threads);
        Nd4j.getEnvironment().setMaxMasterThreads(threads);
        // Environment.setMaxThreads does not reach libnd4j's OpenMP pool in M2.1; NativeOps does
        // (deeplearning4j issue #9668).
        NativeOps ops = NativeOpsHolder.getInstance().getDeviceNativeOps();
        ops.setOmpNumThreads(threads);
        Nd4j.factory().blas().setMaxThreads(threads);
        BenchSetup.announce("ND4J " + Nd4j.getBackend().getClass().getSimpleName() + ", BLAS "
                + Nd4j.factory().blas().getBlasVendor() + ", " + threads + " thread(s) (OpenMP "
                + ops.ompGetMaxThreads() + ", BLAS " + Nd4j.factory().blas().getMaxThreads() + "; " + openMp + ")");
    }
}
