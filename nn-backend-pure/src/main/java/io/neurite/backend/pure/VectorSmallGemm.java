package io.neurite.backend.pure;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * gemm for small products on the Vector API, without packing: register tiles of 8 rows (with 32 vector
 * registers) or 6 rows (with 16) x 2 vectors read op(A) element by element (broadcast) and rows of B directly,
 * which for small operands are already in L1.
 * A transposed B ({@code [n, k]} in memory) is first transposed into a per-thread scratch array, since its
 * columns are not contiguous; at these sizes that costs less than a strided walk. Runs on the calling
 * thread. Loaded only when the module {@code jdk.incubator.vector} is present.
 */
final class VectorSmallGemm implements SmallGemm {
    static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    static final int L = S.length();
    private static final boolean WIDE_TILE = VectorRegisters.forWidth(S.vectorBitSize()).registers() >= 32;

    /** What a tile reads instead of C when it overwrites C (two vectors of +0; never written). */
    private static final float[] ZEROS = new float[2 * L];

    /** Per thread: a transposed B, at its usual size up front (see {@code VectorNarrowGemm.SCRATCH} for why). */
    private static final ThreadLocal<float[][]> SCRATCH = ThreadLocal.withInitial(() -> new float[][] {new float[64 * 64]});

    @Override
    public void multiply(int m, int n, int k, float alpha, float[] a, int lda, boolean transA,
                         float[] b, int ldb, boolean transB, float beta, float[] c, int ldc) {
        if (VectorNarrowGemm.narrow(n)) {
            // e.g. a 10-class output layer: vectors along C's rows would be mostly empty (see the class)
            Gemm.scale(c, ldc, 0, m, 0, n, beta);
            VectorNarrowGemm.multiplyAdd(m, n, k, alpha, a, lda, transA, b, ldb, transB, c, ldc);
            return;
        }
        if (transB) {
            float[][] holder = SCRATCH.get();
            if (holder[0].length < k * n) {
                holder[0] = new float[Math.max(k * n, 64 * 64)];
            }
            float[] bt = holder[0];
            for (int j = 0; j < n; j++) {
                int bo = j * ldb;
                for (int p = 0; p < k; p++) {
                    bt[p * n + j] = b[bo + p];
                }
            }
            b = bt;
            ldb = n;
        }
        multiplyRows(0, m, n, k, alpha, a, lda, transA, b, ldb, beta, c, ldc);
    }

    @Override
    public boolean splitsRows(int n, boolean transB) {
        return !transB && !VectorNarrowGemm.narrow(n);
    }

    @Override
    public int rowTile() {
        return WIDE_TILE ? 8 : 6;
    }

    @Override
    public void multiplyRows(int i0, int m, int n, int k, float alpha, float[] a, int lda, boolean transA,
                             float[] b, int ldb, float beta, float[] c, int ldc) {
        // beta = 0: the tiles overwrite C, so it is not zeroed first (that pass was 8 % of n = 64 at AVX2 and 15 % at
        // 512 bits), and NaN in C is ignored as before. The tiles then add their sums to +0 read from ZEROS instead
        // of to C: the same FMAs, so the same bits (+0 for -0 included). Choosing between two store runs by a branch
        // instead made the tiles 1.4-1.5x slower on JDK 25, and a branch around every store 1.2-2.7x on JDK 17.
        boolean over = beta == 0f;
        if (!over) {
            Gemm.scale(c, ldc, i0, m, 0, n, beta);
        }
        // With transA, A(i, p) = a[p * lda + i]: unit stride along i instead of p.
        int si = transA ? 1 : lda;
        int sp = transA ? lda : 1;
        int i = i0;
        // 8 x 2 vectors where the rows allow, on CPUs with 32 vector registers (AVX-512): 16 accumulators
        // hide the FMA latency and load each B vector once per 8 rows; 4 x 2 has too few independent sums
        // to keep both FMA pipes busy (n = 64: 4.2 -> 3.4 us). With 16 registers (AVX2) 8 x 2 would spill.
        // (32 registers: AVX-512 at any width, AArch64; see VectorRegisters.)
        for (; WIDE_TILE && i + 8 <= m && n >= 2 * L; i += 8) {
            int j = 0;
            for (; j + 2 * L <= n; j += 2 * L) {
                if (transA) {
                    tile8x2(k, alpha, a, i * si, si, sp, b, ldb, j, c, i * ldc + j, ldc, over);
                } else {
                    tile8x2AlongRows(k, alpha, a, i * si, si, b, ldb, j, c, i * ldc + j, ldc, over);
                }
            }
            rightEdge4(i, j, n, k, alpha, a, si, sp, b, ldb, c, ldc, over);
            rightEdge4(i + 4, j, n, k, alpha, a, si, sp, b, ldb, c, ldc, over);
        }
        // 6 x 2 vectors with 16 registers (AVX2, and 128-bit vectors below AVX-512): 12 accumulators, one more B
        // pair and a broadcast fill 15 of them, as the packed path's 6 x 2 micro-kernel. 4 x 2's 8 accumulators
        // are exactly as many FMAs as two pipes of 4 cycles' latency keep in flight, so any stall shows.
        for (; !WIDE_TILE && i + 6 <= m && n >= 2 * L; i += 6) {
            int j = 0;
            for (; j + 2 * L <= n; j += 2 * L) {
                if (transA) {
                    tile6x2(k, alpha, a, i * si, si, sp, b, ldb, j, c, i * ldc + j, ldc, over);
                } else {
                    tile6x2AlongRows(k, alpha, a, i * si, si, b, ldb, j, c, i * ldc + j, ldc, over);
                }
            }
            rightEdge4(i, j, n, k, alpha, a, si, sp, b, ldb, c, ldc, over);
            rightEdge1(i + 4, j, n, k, alpha, a, si, sp, b, ldb, c, ldc, over);
            rightEdge1(i + 5, j, n, k, alpha, a, si, sp, b, ldb, c, ldc, over);
        }
        for (; i + 4 <= m; i += 4) {
            int j = 0;
            for (; j + 2 * L <= n; j += 2 * L) {
                tile4x2(k, alpha, a, i * si, si, sp, b, ldb, j, c, i * ldc + j, ldc, over);
            }
            rightEdge4(i, j, n, k, alpha, a, si, sp, b, ldb, c, ldc, over);
        }
        for (; i < m; i++) {
            rightEdge1(i, 0, n, k, alpha, a, si, sp, b, ldb, c, ldc, over);
        }
    }

    /** Columns {@code [j0, n)} of row {@code i}: 1 x 1 tiles, then scalar. */
    private static void rightEdge1(int i, int j0, int n, int k, float alpha, float[] a, int si, int sp, float[] b,
                                   int ldb, float[] c, int ldc, boolean over) {
        int j = j0;
        for (; j + L <= n; j += L) {
            tile1x1(k, alpha, a, i * si, sp, b, ldb, j, c, i * ldc + j, over);
        }
        scalarRow(i, j, n, k, alpha, a, si, sp, b, ldb, c, ldc, over);
    }

    /** Columns {@code [j0, n)} of rows {@code i .. i+3}, fewer than two vectors: 4 x 1 tiles, then scalar. */
    private static void rightEdge4(int i, int j0, int n, int k, float alpha, float[] a, int si, int sp, float[] b,
                                   int ldb, float[] c, int ldc, boolean over) {
        int j = j0;
        for (; j + L <= n; j += L) {
            tile4x1(k, alpha, a, i * si, si, sp, b, ldb, j, c, i * ldc + j, ldc, over);
        }
        for (int r = i; r < i + 4; r++) {
            scalarRow(r, j, n, k, alpha, a, si, sp, b, ldb, c, ldc, over);
        }
    }

    private static void tile8x2(int k, float alpha, float[] a, int ao, int si, int sp, float[] b, int ldb, int j,
                                float[] c, int co, int ldc, boolean over) {
        FloatVector c00 = FloatVector.zero(S);
        FloatVector c01 = FloatVector.zero(S);
        FloatVector c10 = FloatVector.zero(S);
        FloatVector c11 = FloatVector.zero(S);
        FloatVector c20 = FloatVector.zero(S);
        FloatVector c21 = FloatVector.zero(S);
        FloatVector c30 = FloatVector.zero(S);
        FloatVector c31 = FloatVector.zero(S);
        FloatVector c40 = FloatVector.zero(S);
        FloatVector c41 = FloatVector.zero(S);
        FloatVector c50 = FloatVector.zero(S);
        FloatVector c51 = FloatVector.zero(S);
        FloatVector c60 = FloatVector.zero(S);
        FloatVector c61 = FloatVector.zero(S);
        FloatVector c70 = FloatVector.zero(S);
        FloatVector c71 = FloatVector.zero(S);
        for (int p = 0; p < k; p++) {
            int bo = p * ldb + j;
            FloatVector b0 = FloatVector.fromArray(S, b, bo);
            FloatVector b1 = FloatVector.fromArray(S, b, bo + L);
            int ap = ao + p * sp;
            FloatVector a0 = FloatVector.broadcast(S, a[ap]);
            c00 = a0.fma(b0, c00);
            c01 = a0.fma(b1, c01);
            FloatVector a1 = FloatVector.broadcast(S, a[ap + si]);
            c10 = a1.fma(b0, c10);
            c11 = a1.fma(b1, c11);
            FloatVector a2 = FloatVector.broadcast(S, a[ap + 2 * si]);
            c20 = a2.fma(b0, c20);
            c21 = a2.fma(b1, c21);
            FloatVector a3 = FloatVector.broadcast(S, a[ap + 3 * si]);
            c30 = a3.fma(b0, c30);
            c31 = a3.fma(b1, c31);
            FloatVector a4 = FloatVector.broadcast(S, a[ap + 4 * si]);
            c40 = a4.fma(b0, c40);
            c41 = a4.fma(b1, c41);
            FloatVector a5 = FloatVector.broadcast(S, a[ap + 5 * si]);
            c50 = a5.fma(b0, c50);
            c51 = a5.fma(b1, c51);
            FloatVector a6 = FloatVector.broadcast(S, a[ap + 6 * si]);
            c60 = a6.fma(b0, c60);
            c61 = a6.fma(b1, c61);
            FloatVector a7 = FloatVector.broadcast(S, a[ap + 7 * si]);
            c70 = a7.fma(b0, c70);
            c71 = a7.fma(b1, c71);
        }
        FloatVector al = FloatVector.broadcast(S, alpha);
        // beta = 0: C is overwritten, so the tile adds to zeros instead of C (see multiplyRows)
        float[] src = over ? ZEROS : c;
        int zo = over ? 0 : co;
        int zStep = over ? 0 : ldc;
        c00.fma(al, FloatVector.fromArray(S, src, zo)).intoArray(c, co);
        c01.fma(al, FloatVector.fromArray(S, src, zo + L)).intoArray(c, co + L);
        co += ldc;
        zo += zStep;
        c10.fma(al, FloatVector.fromArray(S, src, zo)).intoArray(c, co);
        c11.fma(al, FloatVector.fromArray(S, src, zo + L)).intoArray(c, co + L);
        co += ldc;
        zo += zStep;
        c20.fma(al, FloatVector.fromArray(S, src, zo)).intoArray(c, co);
        c21.fma(al, FloatVector.fromArray(S, src, zo + L)).intoArray(c, co + L);
        co += ldc;
        zo += zStep;
        c30.fma(al, FloatVector.fromArray(S, src, zo)).intoArray(c, co);
        c31.fma(al, FloatVector.fromArray(S, src, zo + L)).intoArray(c, co + L);
        co += ldc;
        zo += zStep;
        c40.fma(al, FloatVector.fromArray(S, src, zo)).intoArray(c, co);
        c41.fma(al, FloatVector.fromArray(S, src, zo + L)).intoArray(c, co + L);
        co += ldc;
        zo += zStep;
        c50.fma(al, FloatVector.fromArray(S, src, zo)).intoArray(c, co);
        c51.fma(al, FloatVector.fromArray(S, src, zo + L)).intoArray(c, co + L);
        co += ldc;
        zo += zStep;
        c60.fma(al, FloatVector.fromArray(S, src, zo)).intoArray(c, co);
        c61.fma(al, FloatVector.fromArray(S, src, zo + L)).intoArray(c, co + L);
        co += ldc;
        zo += zStep;
        c70.fma(al, FloatVector.fromArray(S, src, zo)).intoArray(c, co);
        c71.fma(al, FloatVector.fromArray(S, src, zo + L)).intoArray(c, co + L);
    }

    /**
     * {@link #tile8x2} for an A whose rows are contiguous (not transposed): the same arithmetic, but with the
     * index of A unit-strided in {@code p}, C2 hoists the range checks of A's loads out of the loop (it only
     * does so for a constant stride). Six or eight checks fewer per step: 11% faster at AVX2 width, n = 64.
     */
    private static void tile8x2AlongRows(int k, float alpha, float[] a, int ao, int si, float[] b, int ldb, int j,
                                float[] c, int co, int ldc, boolean over) {
        FloatVector c00 = FloatVector.zero(S);
        FloatVector c01 = FloatVector.zero(S);
        FloatVector c10 = FloatVector.zero(S);
        FloatVector c11 = FloatVector.zero(S);
        FloatVector c20 = FloatVector.zero(S);
        FloatVector c21 = FloatVector.zero(S);
        FloatVector c30 = FloatVector.zero(S);
        FloatVector c31 = FloatVector.zero(S);
        FloatVector c40 = FloatVector.zero(S);
        FloatVector c41 = FloatVector.zero(S);
        FloatVector c50 = FloatVector.zero(S);
        FloatVector c51 = FloatVector.zero(S);
        FloatVector c60 = FloatVector.zero(S);
        FloatVector c61 = FloatVector.zero(S);
        FloatVector c70 = FloatVector.zero(S);
        FloatVector c71 = FloatVector.zero(S);
        for (int p = 0; p < k; p++) {
            int bo = p * ldb + j;
            FloatVector b0 = FloatVector.fromArray(S, b, bo);
            FloatVector b1 = FloatVector.fromArray(S, b, bo + L);
            int ap = ao + p;
            FloatVector a0 = FloatVector.broadcast(S, a[ap]);
            c00 = a0.fma(b0, c00);
            c01 = a0.fma(b1, c01);
            FloatVector a1 = FloatVector.broadcast(S, a[ap + si]);
            c10 = a1.fma(b0, c10);
            c11 = a1.fma(b1, c11);
            FloatVector a2 = FloatVector.broadcast(S, a[ap + 2 * si]);
            c20 = a2.fma(b0, c20);
            c21 = a2.fma(b1, c21);
            FloatVector a3 = FloatVector.broadcast(S, a[ap + 3 * si]);
            c30 = a3.fma(b0, c30);
            c31 = a3.fma(b1, c31);
            FloatVector a4 = FloatVector.broadcast(S, a[ap + 4 * si]);
            c40 = a4.fma(b0, c40);
            c41 = a4.fma(b1, c41);
            FloatVector a5 = FloatVector.broadcast(S, a[ap + 5 * si]);
            c50 = a5.fma(b0, c50);
            c51 = a5.fma(b1, c51);
            FloatVector a6 = FloatVector.broadcast(S, a[ap + 6 * si]);
            c60 = a6.fma(b0, c60);
            c61 = a6.fma(b1, c61);
            FloatVector a7 = FloatVector.broadcast(S, a[ap + 7 * si]);
            c70 = a7.fma(b0, c70);
            c71 = a7.fma(b1, c71);
        }
        FloatVector al = FloatVector.broadcast(S, alpha);
        // beta = 0: C is overwritten, so the tile adds to zeros instead of C (see multiplyRows)
        float[] src = over ? ZEROS : c;
        int zo = over ? 0 : co;
        int zStep = over ? 0 : ldc;
        c00.fma(al, FloatVector.fromArray(S, src, zo)).intoArray(c, co);
        c01.fma(al, FloatVector.fromArray(S, src, zo + L)).intoArray(c, co + L);
        co += ldc;
        zo += zStep;
        c10.fma(al, FloatVector.fromArray(S, src, zo)).intoArray(c, co);
        c11.fma(al, FloatVector.fromArray(S, src, zo + L)).intoArray(c, co + L);
        co += ldc;
        zo += zStep;
        c20.fma(al, FloatVector.fromArray(S, src, zo)).intoArray(c, co);
        c21.fma(al, FloatVector.fromArray(S, src, zo + L)).intoArray(c, co + L);
        co += ldc;
        zo += zStep;
        c30.fma(al, FloatVector.fromArray(S, src, zo)).intoArray(c, co);
        c31.fma(al, FloatVector.fromArray(S, src, zo + L)).intoArray(c, co + L);
        co += ldc;
        zo += zStep;
        c40.fma(al, FloatVector.fromArray(S, src, zo)).intoArray(c, co);
        c41.fma(al, FloatVector.fromArray(S, src, zo + L)).intoArray(c, co + L);
        co += ldc;
        zo += zStep;
        c50.fma(al, FloatVector.fromArray(S, src, zo)).intoArray(c, co);
        c51.fma(al, FloatVector.fromArray(S, src, zo + L)).intoArray(c, co + L);
        co += ldc;
        zo += zStep;
        c60.fma(al, FloatVector.fromArray(S, src, zo)).intoArray(c, co);
        c61.fma(al, FloatVector.fromArray(S, src, zo + L)).intoArray(c, co + L);
        co += ldc;
        zo += zStep;
        c70.fma(al, FloatVector.fromArray(S, src, zo)).intoArray(c, co);
        c71.fma(al, FloatVector.fromArray(S, src, zo + L)).intoArray(c, co + L);
    }

    private static void tile4x2(int k, float alpha, float[] a, int ao, int si, int sp, float[] b, int ldb, int j,
                                float[] c, int co, int ldc, boolean over) {
        FloatVector c00 = FloatVector.zero(S);
        FloatVector c01 = FloatVector.zero(S);
        FloatVector c10 = FloatVector.zero(S);
        FloatVector c11 = FloatVector.zero(S);
        FloatVector c20 = FloatVector.zero(S);
        FloatVector c21 = FloatVector.zero(S);
        FloatVector c30 = FloatVector.zero(S);
        FloatVector c31 = FloatVector.zero(S);
        for (int p = 0; p < k; p++) {
            int bo = p * ldb + j;
            FloatVector b0 = FloatVector.fromArray(S, b, bo);
            FloatVector b1 = FloatVector.fromArray(S, b, bo + L);
            int ap = ao + p * sp;
            FloatVector a0 = FloatVector.broadcast(S, a[ap]);
            c00 = a0.fma(b0, c00);
            c01 = a0.fma(b1, c01);
            FloatVector a1 = FloatVector.broadcast(S, a[ap + si]);
            c10 = a1.fma(b0, c10);
            c11 = a1.fma(b1, c11);
            FloatVector a2 = FloatVector.broadcast(S, a[ap + 2 * si]);
            c20 = a2.fma(b0, c20);
            c21 = a2.fma(b1, c21);
            FloatVector a3 = FloatVector.broadcast(S, a[ap + 3 * si]);
            c30 = a3.fma(b0, c30);
            c31 = a3.fma(b1, c31);
        }
        FloatVector al = FloatVector.broadcast(S, alpha);
        // beta = 0: C is overwritten, so the tile adds to zeros instead of C (see multiplyRows)
        float[] src = over ? ZEROS : c;
        int zo = over ? 0 : co;
        int zStep = over ? 0 : ldc;
        c00.fma(al, FloatVector.fromArray(S, src, zo)).intoArray(c, co);
        c01.fma(al, FloatVector.fromArray(S, src, zo + L)).intoArray(c, co + L);
        co += ldc;
        zo += zStep;
        c10.fma(al, FloatVector.fromArray(S, src, zo)).intoArray(c, co);
        c11.fma(al, FloatVector.fromArray(S, src, zo + L)).intoArray(c, co + L);
        co += ldc;
        zo += zStep;
        c20.fma(al, FloatVector.fromArray(S, src, zo)).intoArray(c, co);
        c21.fma(al, FloatVector.fromArray(S, src, zo + L)).intoArray(c, co + L);
        co += ldc;
        zo += zStep;
        c30.fma(al, FloatVector.fromArray(S, src, zo)).intoArray(c, co);
        c31.fma(al, FloatVector.fromArray(S, src, zo + L)).intoArray(c, co + L);
    }

    private static void tile6x2(int k, float alpha, float[] a, int ao, int si, int sp, float[] b, int ldb, int j,
                                float[] c, int co, int ldc, boolean over) {
        FloatVector c00 = FloatVector.zero(S);
        FloatVector c01 = FloatVector.zero(S);
        FloatVector c10 = FloatVector.zero(S);
        FloatVector c11 = FloatVector.zero(S);
        FloatVector c20 = FloatVector.zero(S);
        FloatVector c21 = FloatVector.zero(S);
        FloatVector c30 = FloatVector.zero(S);
        FloatVector c31 = FloatVector.zero(S);
        FloatVector c40 = FloatVector.zero(S);
        FloatVector c41 = FloatVector.zero(S);
        FloatVector c50 = FloatVector.zero(S);
        FloatVector c51 = FloatVector.zero(S);
        for (int p = 0; p < k; p++) {
            int bo = p * ldb + j;
            FloatVector b0 = FloatVector.fromArray(S, b, bo);
            FloatVector b1 = FloatVector.fromArray(S, b, bo + L);
            int ap = ao + p * sp;
            FloatVector a0 = FloatVector.broadcast(S, a[ap]);
            c00 = a0.fma(b0, c00);
            c01 = a0.fma(b1, c01);
            FloatVector a1 = FloatVector.broadcast(S, a[ap + si]);
            c10 = a1.fma(b0, c10);
            c11 = a1.fma(b1, c11);
            FloatVector a2 = FloatVector.broadcast(S, a[ap + 2 * si]);
            c20 = a2.fma(b0, c20);
            c21 = a2.fma(b1, c21);
            FloatVector a3 = FloatVector.broadcast(S, a[ap + 3 * si]);
            c30 = a3.fma(b0, c30);
            c31 = a3.fma(b1, c31);
            FloatVector a4 = FloatVector.broadcast(S, a[ap + 4 * si]);
            c40 = a4.fma(b0, c40);
            c41 = a4.fma(b1, c41);
            FloatVector a5 = FloatVector.broadcast(S, a[ap + 5 * si]);
            c50 = a5.fma(b0, c50);
            c51 = a5.fma(b1, c51);
        }
        FloatVector al = FloatVector.broadcast(S, alpha);
        // beta = 0: C is overwritten, so the tile adds to zeros instead of C (see multiplyRows)
        float[] src = over ? ZEROS : c;
        int zo = over ? 0 : co;
        int zStep = over ? 0 : ldc;
        c00.fma(al, FloatVector.fromArray(S, src, zo)).intoArray(c, co);
        c01.fma(al, FloatVector.fromArray(S, src, zo + L)).intoArray(c, co + L);
        co += ldc;
        zo += zStep;
        c10.fma(al, FloatVector.fromArray(S, src, zo)).intoArray(c, co);
        c11.fma(al, FloatVector.fromArray(S, src, zo + L)).intoArray(c, co + L);
        co += ldc;
        zo += zStep;
        c20.fma(al, FloatVector.fromArray(S, src, zo)).intoArray(c, co);
        c21.fma(al, FloatVector.fromArray(S, src, zo + L)).intoArray(c, co + L);
        co += ldc;
        zo += zStep;
        c30.fma(al, FloatVector.fromArray(S, src, zo)).intoArray(c, co);
        c31.fma(al, FloatVector.fromArray(S, src, zo + L)).intoArray(c, co + L);
        co += ldc;
        zo += zStep;
        c40.fma(al, FloatVector.fromArray(S, src, zo)).intoArray(c, co);
        c41.fma(al, FloatVector.fromArray(S, src, zo + L)).intoArray(c, co + L);
        co += ldc;
        zo += zStep;
        c50.fma(al, FloatVector.fromArray(S, src, zo)).intoArray(c, co);
        c51.fma(al, FloatVector.fromArray(S, src, zo + L)).intoArray(c, co + L);
    }

    /**
     * {@link #tile6x2} for an A whose rows are contiguous (not transposed): the same arithmetic, but with the
     * index of A unit-strided in {@code p}, C2 hoists the range checks of A's loads out of the loop (it only
     * does so for a constant stride). Six or eight checks fewer per step: 11% faster at AVX2 width, n = 64.
     */
    private static void tile6x2AlongRows(int k, float alpha, float[] a, int ao, int si, float[] b, int ldb, int j,
                                float[] c, int co, int ldc, boolean over) {
        FloatVector c00 = FloatVector.zero(S);
        FloatVector c01 = FloatVector.zero(S);
        FloatVector c10 = FloatVector.zero(S);
        FloatVector c11 = FloatVector.zero(S);
        FloatVector c20 = FloatVector.zero(S);
        FloatVector c21 = FloatVector.zero(S);
        FloatVector c30 = FloatVector.zero(S);
        FloatVector c31 = FloatVector.zero(S);
        FloatVector c40 = FloatVector.zero(S);
        FloatVector c41 = FloatVector.zero(S);
        FloatVector c50 = FloatVector.zero(S);
        FloatVector c51 = FloatVector.zero(S);
        for (int p = 0; p < k; p++) {
            int bo = p * ldb + j;
            FloatVector b0 = FloatVector.fromArray(S, b, bo);
            FloatVector b1 = FloatVector.fromArray(S, b, bo + L);
            int ap = ao + p;
            FloatVector a0 = FloatVector.broadcast(S, a[ap]);
            c00 = a0.fma(b0, c00);
            c01 = a0.fma(b1, c01);
            FloatVector a1 = FloatVector.broadcast(S, a[ap + si]);
            c10 = a1.fma(b0, c10);
            c11 = a1.fma(b1, c11);
            FloatVector a2 = FloatVector.broadcast(S, a[ap + 2 * si]);
            c20 = a2.fma(b0, c20);
            c21 = a2.fma(b1, c21);
            FloatVector a3 = FloatVector.broadcast(S, a[ap + 3 * si]);
            c30 = a3.fma(b0, c30);
            c31 = a3.fma(b1, c31);
            FloatVector a4 = FloatVector.broadcast(S, a[ap + 4 * si]);
            c40 = a4.fma(b0, c40);
            c41 = a4.fma(b1, c41);
            FloatVector a5 = FloatVector.broadcast(S, a[ap + 5 * si]);
            c50 = a5.fma(b0, c50);
            c51 = a5.fma(b1, c51);
        }
        FloatVector al = FloatVector.broadcast(S, alpha);
        // beta = 0: C is overwritten, so the tile adds to zeros instead of C (see multiplyRows)
        float[] src = over ? ZEROS : c;
        int zo = over ? 0 : co;
        int zStep = over ? 0 : ldc;
        c00.fma(al, FloatVector.fromArray(S, src, zo)).intoArray(c, co);
        c01.fma(al, FloatVector.fromArray(S, src, zo + L)).intoArray(c, co + L);
        co += ldc;
        zo += zStep;
        c10.fma(al, FloatVector.fromArray(S, src, zo)).intoArray(c, co);
        c11.fma(al, FloatVector.fromArray(S, src, zo + L)).intoArray(c, co + L);
        co += ldc;
        zo += zStep;
        c20.fma(al, FloatVector.fromArray(S, src, zo)).intoArray(c, co);
        c21.fma(al, FloatVector.fromArray(S, src, zo + L)).intoArray(c, co + L);
        co += ldc;
        zo += zStep;
        c30.fma(al, FloatVector.fromArray(S, src, zo)).intoArray(c, co);
        c31.fma(al, FloatVector.fromArray(S, src, zo + L)).intoArray(c, co + L);
        co += ldc;
        zo += zStep;
        c40.fma(al, FloatVector.fromArray(S, src, zo)).intoArray(c, co);
        c41.fma(al, FloatVector.fromArray(S, src, zo + L)).intoArray(c, co + L);
        co += ldc;
        zo += zStep;
        c50.fma(al, FloatVector.fromArray(S, src, zo)).intoArray(c, co);
        c51.fma(al, FloatVector.fromArray(S, src, zo + L)).intoArray(c, co + L);
    }

    private static void tile4x1(int k, float alpha, float[] a, int ao, int si, int sp, float[] b, int ldb, int j,
                                float[] c, int co, int ldc, boolean over) {
        FloatVector c0 = FloatVector.zero(S);
        FloatVector c1 = FloatVector.zero(S);
        FloatVector c2 = FloatVector.zero(S);
        FloatVector c3 = FloatVector.zero(S);
        for (int p = 0; p < k; p++) {
            FloatVector b0 = FloatVector.fromArray(S, b, p * ldb + j);
            int ap = ao + p * sp;
            c0 = FloatVector.broadcast(S, a[ap]).fma(b0, c0);
            c1 = FloatVector.broadcast(S, a[ap + si]).fma(b0, c1);
            c2 = FloatVector.broadcast(S, a[ap + 2 * si]).fma(b0, c2);
            c3 = FloatVector.broadcast(S, a[ap + 3 * si]).fma(b0, c3);
        }
        FloatVector al = FloatVector.broadcast(S, alpha);
        // beta = 0: C is overwritten, so the tile adds to zeros instead of C (see multiplyRows)
        float[] src = over ? ZEROS : c;
        int zo = over ? 0 : co;
        int zStep = over ? 0 : ldc;
        c0.fma(al, FloatVector.fromArray(S, src, zo)).intoArray(c, co);
        co += ldc;
        zo += zStep;
        c1.fma(al, FloatVector.fromArray(S, src, zo)).intoArray(c, co);
        co += ldc;
        zo += zStep;
        c2.fma(al, FloatVector.fromArray(S, src, zo)).intoArray(c, co);
        co += ldc;
        zo += zStep;
        c3.fma(al, FloatVector.fromArray(S, src, zo)).intoArray(c, co);
    }

    private static void tile1x1(int k, float alpha, float[] a, int ao, int sp, float[] b, int ldb, int j,
                                float[] c, int co, boolean over) {
        FloatVector c0 = FloatVector.zero(S);
        for (int p = 0; p < k; p++) {
            c0 = FloatVector.broadcast(S, a[ao + p * sp]).fma(FloatVector.fromArray(S, b, p * ldb + j), c0);
        }
        c0.fma(FloatVector.broadcast(S, alpha), FloatVector.fromArray(S, over ? ZEROS : c, over ? 0 : co)).intoArray(c, co);
    }

    /** Columns {@code [j0, n)} of row {@code i}, fewer than one vector: plain dot products. */
    private static void scalarRow(int i, int j0, int n, int k, float alpha, float[] a, int si, int sp, float[] b,
                                  int ldb, float[] c, int ldc, boolean over) {
        for (int j = j0; j < n; j++) {
            float dot = 0f;
            for (int p = 0; p < k; p++) {
                dot += a[i * si + p * sp] * b[p * ldb + j];
            }
            c[i * ldc + j] = (over ? 0f : c[i * ldc + j]) + alpha * dot; // +0 where overwritten, as zeroing gave
        }
    }
}
