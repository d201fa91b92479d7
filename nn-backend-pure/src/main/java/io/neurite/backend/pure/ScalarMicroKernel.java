package io.neurite.backend.pure;

/**
 * The micro-kernel without the Vector API: a 4 x 4 tile whose 16 accumulators are local variables, so
 * that C2 keeps them in registers. (A tile kept in a small array and left to HotSpot's auto-vectoriser ran
 * at under 5 GFLOPS: SuperWord cannot prove the array apart from the operands.) Used when the module
 * {@code jdk.incubator.vector} is not present.
 */
final class ScalarMicroKernel implements MicroKernel {
    static final int MR = 4;
    static final int NR = 4;

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
        // from C, not from zero: each element is one chain over k whatever the k-block (see Gemm.block)
        float c00 = c[cOff];
        float c01 = c[cOff + 1];
        float c02 = c[cOff + 2];
        float c03 = c[cOff + 3];
        float c10 = c[cOff + ldc];
        float c11 = c[cOff + ldc + 1];
        float c12 = c[cOff + ldc + 2];
        float c13 = c[cOff + ldc + 3];
        float c20 = c[cOff + 2 * ldc];
        float c21 = c[cOff + 2 * ldc + 1];
        float c22 = c[cOff + 2 * ldc + 2];
        float c23 = c[cOff + 2 * ldc + 3];
        float c30 = c[cOff + 3 * ldc];
        float c31 = c[cOff + 3 * ldc + 1];
        float c32 = c[cOff + 3 * ldc + 2];
        float c33 = c[cOff + 3 * ldc + 3];
        for (int p = 0; p < kc; p++) {
            int ao = apOff + p * MR;
            int bo = bpOff + p * NR;
            float b0 = bp[bo];
            float b1 = bp[bo + 1];
            float b2 = bp[bo + 2];
            float b3 = bp[bo + 3];
            float a = ap[ao];
            c00 += a * b0;
            c01 += a * b1;
            c02 += a * b2;
            c03 += a * b3;
            a = ap[ao + 1];
            c10 += a * b0;
            c11 += a * b1;
            c12 += a * b2;
            c13 += a * b3;
            a = ap[ao + 2];
            c20 += a * b0;
            c21 += a * b1;
            c22 += a * b2;
            c23 += a * b3;
            a = ap[ao + 3];
            c30 += a * b0;
            c31 += a * b1;
            c32 += a * b2;
            c33 += a * b3;
        }
        int r = cOff;
        c[r] = c00;
        c[r + 1] = c01;
        c[r + 2] = c02;
        c[r + 3] = c03;
        r += ldc;
        c[r] = c10;
        c[r + 1] = c11;
        c[r + 2] = c12;
        c[r + 3] = c13;
        r += ldc;
        c[r] = c20;
        c[r + 1] = c21;
        c[r + 2] = c22;
        c[r + 3] = c23;
        r += ldc;
        c[r] = c30;
        c[r + 1] = c31;
        c[r + 2] = c32;
        c[r + 3] = c33;
    }
}
