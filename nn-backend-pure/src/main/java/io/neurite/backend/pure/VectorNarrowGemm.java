package io.neurite.backend.pure;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The small gemm for a narrow C, fewer columns than fit the vector tiles of {@link VectorSmallGemm}
 * ({@code n < L}, or between {@code L} and {@code 2L} and not a multiple of {@code L}): a classifier's output
 * layer, {@code [batch, 128] x [128, 10]}, and its weight gradient. Vectors along C's columns would be mostly
 * empty there, so the vectors run along another axis:
 * <ul>
 *   <li>{@code transA} (Xᵀ·dY): op(A)'s columns are contiguous, so vectors run down C's rows: a tile of
 *       {@code L} rows by 4 columns, one A vector and four broadcasts of B per step of k, then the tile is
 *       added into C column by column;</li>
 *   <li>otherwise (X·W, dY·Wᵀ): op(A)'s rows are contiguous, so vectors run along k: each C element is a dot
 *       product of a row of op(A) with a column of op(B), four columns at a time; B is transposed into a
 *       per-thread scratch array first unless {@code transB} already stores its columns contiguously.</li>
 * </ul>
 * The caller has scaled C by beta. Runs on the calling thread. Same rules as {@link VectorKernels}: vectors
 * only in locals.
 */
final class VectorNarrowGemm {
    static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    static final int L = S.length();

    /**
     * Per thread: the 4-column tile and a transposed B, allocated at their usual sizes up front. Grown on first use
     * instead, the growth branch was the one C2 had never seen taken when the kernel warm-up (on its own thread)
     * compiled these loops, so the main thread's first call threw the compile away (an "unstable_if"
     * deoptimization, JFR) and the first training steps ran interpreted until C2 had compiled them again.
     * For the same reason the kernels do not call {@code SCRATCH.get()} themselves but get the holder from
     * {@link #multiplyAdd}: the lookup's miss path (another thread-local in the same slot of the calling thread's
     * map) is one the warm-up thread had never taken, and the main thread's first product took it inside the C2
     * compiles of both kernels, which were thrown away ("unstable_if" in {@code ThreadLocalMap.getEntry},
     * {@code -XX:+LogCompilation}, 2026-12-04). Now only the small dispatcher is recompiled.
     */
    private static final ThreadLocal<float[][]> SCRATCH =
            ThreadLocal.withInitial(() -> new float[][] {new float[4 * L], new float[64 * 64]});

    private VectorNarrowGemm() {
    }

    /** Whether a product with {@code n} columns of C goes here rather than to the column-vector tiles. */
    static boolean narrow(int n) {
        return n < L || (n < 2 * L && n % L != 0);
    }

    /** {@code C += alpha * op(A) op(B)}, C already scaled by beta. */
    static void multiplyAdd(int m, int n, int k, float alpha, float[] a, int lda, boolean transA,
                            float[] b, int ldb, boolean transB, float[] c, int ldc) {
        float[][] scratch = SCRATCH.get();
        if (transA) {
            downRows(m, n, k, alpha, a, lda, b, ldb, transB, c, ldc, scratch);
        } else {
            alongK(m, n, k, alpha, a, lda, b, ldb, transB, c, ldc, scratch);
        }
    }

    /** op(A)(i, p) = a[p * lda + i]: tiles of L rows x 4 columns, vectors down the rows of C. */
    private static void downRows(int m, int n, int k, float alpha, float[] a, int lda, float[] b, int ldb,
                                 boolean transB, float[] c, int ldc, float[][] holder) {
        // op(B)(p, j) = b[p * bp + j * bj]
        int bp = transB ? 1 : ldb;
        int bj = transB ? ldb : 1;
        if (holder[0].length < 4 * L) {
            holder[0] = new float[4 * L];
        }
        float[] tile = holder[0];
        int i = 0;
        for (; i + L <= m; i += L) {
            int j = 0;
            for (; j + 4 <= n; j += 4) {
                FloatVector c0 = FloatVector.zero(S);
                FloatVector c1 = FloatVector.zero(S);
                FloatVector c2 = FloatVector.zero(S);
                FloatVector c3 = FloatVector.zero(S);
                for (int p = 0; p < k; p++) {
                    FloatVector av = FloatVector.fromArray(S, a, p * lda + i);
                    int bo = p * bp + j * bj;
                    c0 = av.fma(FloatVector.broadcast(S, b[bo]), c0);
                    c1 = av.fma(FloatVector.broadcast(S, b[bo + bj]), c1);
                    c2 = av.fma(FloatVector.broadcast(S, b[bo + 2 * bj]), c2);
                    c3 = av.fma(FloatVector.broadcast(S, b[bo + 3 * bj]), c3);
                }
                c0.intoArray(tile, 0);
                c1.intoArray(tile, L);
                c2.intoArray(tile, 2 * L);
                c3.intoArray(tile, 3 * L);
                for (int r = 0; r < L; r++) {
                    int co = (i + r) * ldc + j;
                    c[co] += alpha * tile[r];
                    c[co + 1] += alpha * tile[L + r];
                    c[co + 2] += alpha * tile[2 * L + r];
                    c[co + 3] += alpha * tile[3 * L + r];
                }
            }
            for (; j < n; j++) {
                FloatVector c0 = FloatVector.zero(S);
                for (int p = 0; p < k; p++) {
                    c0 = FloatVector.fromArray(S, a, p * lda + i).fma(FloatVector.broadcast(S, b[p * bp + j * bj]), c0);
                }
                c0.intoArray(tile, 0);
                for (int r = 0; r < L; r++) {
                    c[(i + r) * ldc + j] += alpha * tile[r];
                }
            }
        }
        for (; i < m; i++) {
            for (int j = 0; j < n; j++) {
                float dot = 0f;
                for (int p = 0; p < k; p++) {
                    dot += a[p * lda + i] * b[p * bp + j * bj];
                }
                c[i * ldc + j] += alpha * dot;
            }
        }
    }

    /** op(A)(i, p) = a[i * lda + p]: dot products along k, four columns of C per row at a time. */
    private static void alongK(int m, int n, int k, float alpha, float[] a, int lda, float[] b, int ldb,
                               boolean transB, float[] c, int ldc, float[][] holder) {
        // columns of op(B) contiguous: column j at bt[j * ldt .. + k]
        float[] bt;
        int ldt;
        if (transB) {
            bt = b;
            ldt = ldb;
        } else {
            if (holder[1].length < n * k) {
                holder[1] = new float[Math.max(n * k, 64 * 64)];
            }
            bt = holder[1];
            ldt = k;
            for (int p = 0; p < k; p++) {
                int bo = p * ldb;
                for (int j = 0; j < n; j++) {
                    bt[j * k + p] = b[bo + j];
                }
            }
        }
        int kv = S.loopBound(k);
        for (int i = 0; i < m; i++) {
            int ao = i * lda;
            int co = i * ldc;
            int j = 0;
            for (; j + 4 <= n; j += 4) {
                int t0 = j * ldt;
                int t1 = t0 + ldt;
                int t2 = t1 + ldt;
                int t3 = t2 + ldt;
                FloatVector c0 = FloatVector.zero(S);
                FloatVector c1 = FloatVector.zero(S);
                FloatVector c2 = FloatVector.zero(S);
                FloatVector c3 = FloatVector.zero(S);
                for (int p = 0; p < kv; p += L) {
                    FloatVector av = FloatVector.fromArray(S, a, ao + p);
                    c0 = av.fma(FloatVector.fromArray(S, bt, t0 + p), c0);
                    c1 = av.fma(FloatVector.fromArray(S, bt, t1 + p), c1);
                    c2 = av.fma(FloatVector.fromArray(S, bt, t2 + p), c2);
                    c3 = av.fma(FloatVector.fromArray(S, bt, t3 + p), c3);
                }
                float s0 = VectorReductions.sum(c0);
                float s1 = VectorReductions.sum(c1);
                float s2 = VectorReductions.sum(c2);
                float s3 = VectorReductions.sum(c3);
                for (int p = kv; p < k; p++) {
                    float ap = a[ao + p];
                    s0 += ap * bt[t0 + p];
                    s1 += ap * bt[t1 + p];
                    s2 += ap * bt[t2 + p];
                    s3 += ap * bt[t3 + p];
                }
                c[co + j] += alpha * s0;
                c[co + j + 1] += alpha * s1;
                c[co + j + 2] += alpha * s2;
                c[co + j + 3] += alpha * s3;
            }
            for (; j < n; j++) {
                int t0 = j * ldt;
                FloatVector c0 = FloatVector.zero(S);
                for (int p = 0; p < kv; p += L) {
                    c0 = FloatVector.fromArray(S, a, ao + p).fma(FloatVector.fromArray(S, bt, t0 + p), c0);
                }
                float s0 = VectorReductions.sum(c0);
                for (int p = kv; p < k; p++) {
                    s0 += a[ao + p] * bt[t0 + p];
                }
                c[co + j] += alpha * s0;
            }
        }
    }
}
