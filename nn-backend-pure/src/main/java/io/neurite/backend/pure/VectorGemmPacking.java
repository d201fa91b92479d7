package io.neurite.backend.pure;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link GemmPacking} with the transposed operands packed a vector at a time.
 *
 * <p><b>B transposed</b> ({@code [n, k]} in memory, as in {@code dY . W^T}): packing is a true transposition,
 * which the scalar loop did one float at a time (160 us of the 670 us of 128x256 . 256x784 on one Zen 4 core).
 * Here it goes in blocks of L columns by L k-indices through {@link VectorTransposes}: L row loads, an
 * in-register transposition, L stores (86 us instead of 170-180, at 512 and at 256 bits, loaded machine).
 * k-indices past the last whole block, and edge slivers, take the scalar loop.
 *
 * <p><b>A transposed</b> ({@code [k, m]} in memory, as in {@code X^T . dY}): op(A) has the {@code mr} values of one k-index next to each other, as the packed sliver wants them, but {@code mr} is rarely
 * a whole number of vectors (12 at 512 bits, 5 at 256): the scalar loop moved them one float at a time, about
 * 0.9 ns each on Zen 4 (88 us of the 590 us of 784x128 . 128x256, a Dense layer's weight gradient). Here each
 * k-index is one vector load and one store of {@code L >= mr} lanes: the lanes past {@code mr} land where the
 * next k-index's values go and are overwritten by them, and past the sliver's end, in the {@link #SLACK} the
 * caller's buffer has. The last loads of A that would run past its end, and edge slivers, take the scalar loop.
 */
final class VectorGemmPacking extends GemmPacking {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();

    @Override
    void packB(float[] b, int ldb, boolean transB, int p0, int kc, int j0, int cols, int nr, float[] bp, int bpOff) {
        if (!transB || nr % L != 0 || kc < L || !VectorTransposes.available()) {
            super.packB(b, ldb, transB, p0, kc, j0, cols, nr, bp, bpOff);
            return;
        }
        int full = cols / nr;
        int blocks = kc / L * L;
        for (int s = 0; s < full; s++) {
            int base = bpOff + s * kc * nr;
            for (int cb = 0; cb < nr; cb += L) {
                int c0 = j0 + s * nr + cb;
                for (int pb = 0; pb < blocks; pb += L) {
                    // row c: op(B)(p0 + pb .. + L, c0 + c), i.e. L floats of B's row c0 + c
                    int from = c0 * ldb + p0 + pb;
                    int to = base + pb * nr + cb;
                    VectorTransposes.transpose(b, from, ldb, bp, to, nr);
                }
                for (int c = 0; c < L; c++) {
                    int bo = (c0 + c) * ldb + p0;
                    for (int p = blocks; p < kc; p++) {
                        bp[base + p * nr + cb + c] = b[bo + p];
                    }
                }
            }
        }
        if (full * nr < cols) {
            super.packB(b, ldb, true, p0, kc, j0 + full * nr, cols - full * nr, nr, bp, bpOff + full * kc * nr);
        }
    }

    @Override
    void packA(float[] a, int lda, boolean transA, int i0, int rows, int p0, int kc, float alpha, int mr, float[] ap,
               int apOff) {
        if (!transA) {
            packRowMajorA(a, lda, i0, rows, p0, kc, alpha, mr, ap, apOff);
            return;
        }
        int width = (mr + L - 1) / L * L; // lanes moved per k-index
        int s = 0;
        for (; (s + 1) * mr <= rows; s++) {
            int base = apOff + s * kc * mr;
            int r0 = i0 + s * mr;
            // the loads stay inside A up to this k-index; A's last rows take the scalar loop
            int safeKc = Math.max(0, Math.min(kc, Math.floorDiv(a.length - width - r0, lda) - p0 + 1));
            int p = 0;
            for (; p < safeKc; p++) {
                int ao = (p0 + p) * lda + r0;
                int o = base + p * mr;
                for (int l = 0; l < width; l += L) {
                    FloatVector v = FloatVector.fromArray(S, a, ao + l);
                    if (alpha != 1f) {
                        v = v.mul(alpha);
                    }
                    v.intoArray(ap, o + l);
                }
            }
            for (; p < kc; p++) {
                int ao = (p0 + p) * lda + r0;
                int o = base + p * mr;
                for (int r = 0; r < mr; r++) {
                    ap[o + r] = alpha * a[ao + r];
                }
            }
        }
        if (s * mr < rows) {
            super.packA(a, lda, true, i0 + s * mr, rows - s * mr, p0, kc, alpha, mr, ap, apOff + s * kc * mr);
        }
    }

    /**
     * A row-major: a transposition, in blocks of L rows by L k-indices through {@link VectorTransposes}. A
     * sliver's mr rows take ceil(mr / L) blocks of L rows; where mr is not a multiple of L the last block also
     * reads the next rows of A (so only slivers with that many rows left in A go this way) and its rows, written
     * mr apart with L lanes each, spill past mr into where the next k-index goes: into its first block, written
     * after them (the last block is done first, and the transposition stores its rows in order), or into the
     * next k-block or sliver, written later, or into the buffer's {@link #SLACK}. The remaining k-indices,
     * alpha other than 1, and the last slivers take the scalar loop.
     */
    private void packRowMajorA(float[] a, int lda, int i0, int rows, int p0, int kc, float alpha, int mr, float[] ap,
                               int apOff) {
        int chunks = (mr + L - 1) / L;
        int m = a.length / lda; // rows of A there are for sure (a view's rows may be fewer, never more)
        int blocks = kc / L * L;
        int s = 0;
        if (alpha == 1f && VectorTransposes.available() && kc >= L) {
            for (; (s + 1) * mr <= rows && i0 + s * mr + chunks * L <= m; s++) {
                int base = apOff + s * kc * mr;
                int r0 = i0 + s * mr;
                for (int pb = 0; pb < blocks; pb += L) {
                    // the last chunk first: lanes of its rows past mr spill into the next k-index's first
                    // chunk, which is then written over them
                    for (int ch = chunks - 1; ch >= 0; ch--) {
                        VectorTransposes.transpose(a, (r0 + ch * L) * lda + p0 + pb, lda, ap, base + pb * mr + ch * L,
                                mr);
                    }
                }
                for (int r = 0; r < mr; r++) {
                    int ao = (r0 + r) * lda + p0;
                    for (int p = blocks; p < kc; p++) {
                        ap[base + p * mr + r] = a[ao + p];
                    }
                }
            }
        }
        if (s * mr < rows) {
            super.packA(a, lda, false, i0 + s * mr, rows - s * mr, p0, kc, alpha, mr, ap, apOff + s * kc * mr);
        }
    }
}
