package io.neurite.backend.pure;

/**
 * The micro-kernel without the Vector API: a 4 x 16 tile accumulated in a small array, written so that
 * HotSpot's auto-vectoriser (superword) turns the 16-wide inner loop into SIMD instructions where it can.
 * Used when the module {@code jdk.incubator.vector} is not present.
 */
final class ScalarMicroKernel implements MicroKernel {
    static final int MR = 4;
    static final int NR = 16;

    /** Per-thread accumulator tile; kernels are shared between threads. */
    private static final ThreadLocal<float[]> ACC = ThreadLocal.withInitial(() -> new float[MR * NR]);

    @Override
    public int mr() {
        return MR;
    }

    @Override
    public int nr() {
        return NR;
    }

    @Override
    public String describe() {
        return "scalar " + MR + "x" + NR + " micro-kernel";
    }

    @Override
    public void multiplyAdd(int kc, float[] ap, int apOff, float[] bp, int bpOff, float[] c, int cOff, int ldc) {
        float[] acc = ACC.get();
        java.util.Arrays.fill(acc, 0f);
        for (int p = 0; p < kc; p++) {
            int bo = bpOff + p * NR;
            int ao = apOff + p * MR;
            for (int i = 0; i < MR; i++) {
                float a = ap[ao + i];
                int r = i * NR;
                for (int j = 0; j < NR; j++) {
                    acc[r + j] += a * bp[bo + j];
                }
            }
        }
        for (int i = 0; i < MR; i++) {
            int co = cOff + i * ldc;
            int r = i * NR;
            for (int j = 0; j < NR; j++) {
                c[co + j] += acc[r + j];
            }
        }
    }
}
