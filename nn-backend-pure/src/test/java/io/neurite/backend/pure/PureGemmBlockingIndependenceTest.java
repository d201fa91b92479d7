package io.neurite.backend.pure;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The packed product's bits do not depend on the cache blocking, which {@link GemmBlocking} derives from the
 * CPU's caches: every element of C, in full tiles and in edge tiles alike, is the chain of multiply-adds over k
 * in order, starting from beta * C, whatever the k-block. So the same program gives the same bits on CPUs
 * with other cache sizes (before this held for edge tiles, Fashion-MNIST's test accuracy was 0.8971 on a Zen 4
 * and 0.8961 on a Zen 5). Checked bit for bit against that chain computed one element at a time, fused
 * (Math.fma) for the SIMD kernels, unfused for the scalar one, with k-blocks of 64 and 200 and the whole k.
 *
 * <p>Not the lean AVX2 tiles ({@code 6x2b}, {@code 5x2b}), which start each k-block from zero to save integer
 * work in their loop: their k-block is 512 on every CPU with an L1 of 32 KiB or more (the largest allowed).
 */
class PureGemmBlockingIndependenceTest {
    private static final int M = 29;
    private static final int N = 47;
    private static final int K = 300;

    @Test
    void everyKernelGivesTheChainOfMultiplyAddsWhateverTheKBlock() {
        KernelPath.Kernels path = KernelPath.get();
        List<MicroKernel> kernels = new ArrayList<>();
        kernels.add(path.micro());
        if (path.simd()) {
            for (String shape : List.of("12x2", "8x2", "6x2", "5x2", "4x2")) {
                kernels.add(VectorMicroKernels.named(shape));
            }
        }
        WorkerPool pool = new WorkerPool(1, "blocking-test");
        Random random = new Random(7);
        float[] a = values(random, M * K);
        float[] at = values(random, K * M);
        float[] b = values(random, K * N);
        float[] c0 = values(random, M * N);
        for (MicroKernel kernel : kernels) {
            if (kernel.describe().contains("lean")) {
                continue;
            }
            boolean fused = !(kernel instanceof ScalarMicroKernel);
            for (boolean transA : new boolean[] {false, true}) {
                float[] op = transA ? at : a;
                int lda = transA ? M : K;
                float[] expected = chain(op, lda, transA, b, c0, fused);
                for (int kc : new int[] {64, 200, K}) {
                    Gemm gemm = withKBlock(pool, kernel, path.small(), kc);
                    float[] c = c0.clone();
                    gemm.multiply(M, N, K, 1f, op, lda, transA, b, N, false, 1f, c, N);
                    assertArrayEquals(expected, c, kernel.describe() + ", kc = " + kc + ", A "
                            + (transA ? "transposed" : "as stored") + ": not the chain of multiply-adds over k");
                }
            }
        }
    }

    /** C + sum over p in order of A[i][p] * B[p][j], one rounding per multiply-add (fused) or two. */
    private static float[] chain(float[] a, int lda, boolean transA, float[] b, float[] c0, boolean fused) {
        float[] c = c0.clone();
        for (int i = 0; i < M; i++) {
            for (int j = 0; j < N; j++) {
                float acc = c[i * N + j];
                for (int p = 0; p < K; p++) {
                    float x = transA ? a[p * lda + i] : a[i * lda + p];
                    float y = b[p * N + j];
                    acc = fused ? Math.fma(x, y, acc) : acc + x * y;
                }
                c[i * N + j] = acc;
            }
        }
        return c;
    }

    /** A packed-only, one-thread gemm with k-blocks of {@code kc} (the property is read when it is built). */
    private static Gemm withKBlock(WorkerPool pool, MicroKernel kernel, SmallGemm small, int kc) {
        String before = System.getProperty("neurite.gemm.kc");
        System.setProperty("neurite.gemm.kc", Integer.toString(kc));
        try {
            return new Gemm(pool, kernel, small, 0, Long.MAX_VALUE, 0, false);
        } finally {
            if (before == null) {
                System.clearProperty("neurite.gemm.kc");
            } else {
                System.setProperty("neurite.gemm.kc", before);
            }
        }
    }

    private static float[] values(Random random, int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = random.nextFloat() - 0.5f;
        }
        return v;
    }
}
