package io.neurite.backend.pure;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import io.neurite.conformance.NormalizationConformanceTests;
import io.neurite.conformance.PoolingConformanceTests;
import io.neurite.kernel.Window2d;
import io.neurite.nn.ReLU;
import io.neurite.tensor.Backend;
import io.neurite.tensor.SeededRandom;
import io.neurite.tensor.Shape;
import io.neurite.tensor.Tensor;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The pooling, batch-norm and activation kernels on a backend that splits every operation of more than a few
 * thousand elements over three threads (a dispatch cost of 1 ns), so that the conformance cases cross the edges
 * of each thread's share (a vector loop must not store past its own planes), and the same results bit for bit
 * as on one thread: a split never changes a result.
 */
class PureFinelySplitLayerKernelsTest {
    static final PureBackend SPLIT = finelySplit();
    static final PureBackend ONE = new PureBackend(1);

    private static PureBackend finelySplit() {
        PureBackend b = new PureBackend(3);
        b.useSplitPolicy(new SplitPolicy(3, 1, null));
        return b;
    }

    @Nested
    class Pooling extends PoolingConformanceTests {
        @Override
        protected Backend backend() {
            return SPLIT;
        }
    }

    @Nested
    class Normalization extends NormalizationConformanceTests {
        @Override
        protected Backend backend() {
            return SPLIT;
        }
    }

    private static float[] data(int size, long seed) {
        float[] x = new SeededRandom(seed).normal(size, 0f, 1f);
        for (int i = 0; i < x.length; i++) {
            x[i] = 5f + 2f * x[i];
        }
        return x;
    }

    /** Every output of the image batch-norm kernels on {@code b}, concatenated. */
    private static float[] batchNormOutputs(Backend b, Shape s) {
        int c = s.dim(1);
        Tensor x = b.of(data(s.size(), 51), s);
        Tensor dy = b.of(data(s.size(), 52), s);
        Tensor gamma = b.of(data(c, 53), c);
        Tensor beta = b.of(data(c, 54), c);
        Tensor mean = b.zeros(c);
        Tensor var = b.zeros(c);
        Tensor y = b.zeros(s);
        Tensor dx = b.zeros(s);
        Tensor dg = b.zeros(c);
        Tensor db = b.zeros(c);
        b.kernels().normalization().channelMeanVariance(x, mean, var);
        b.kernels().normalization().batchNorm(x, mean, var, 1e-5f, gamma, beta, y);
        b.kernels().normalization().batchNormBackward(x, dy, mean, var, 1e-5f, gamma, dx, dg, db);
        return concat(mean, var, y, dx, dg, db);
    }

    /** The tensors' values end to end (also used by {@link PureSplitElementwiseTest}). */
    static float[] concat(Tensor... ts) {
        int n = 0;
        for (Tensor t : ts) {
            n += t.size();
        }
        float[] out = new float[n];
        int at = 0;
        for (Tensor t : ts) {
            float[] a = t.toFloatArray();
            System.arraycopy(a, 0, out, at, a.length);
            at += a.length;
        }
        return out;
    }

    @Test
    void batchNormGivesTheSameBitsSplitAndOnOneThread() {
        for (Shape s : new Shape[] {Shape.of(3, 17, 14, 14), Shape.of(5, 3, 28, 28), Shape.of(64, 17)}) {
            assertArrayEquals(batchNormOutputs(ONE, s), batchNormOutputs(SPLIT, s), "batch norm of " + s
                    + " split over 3 threads and on one");
        }
    }

    @Test
    void maxPoolAndReluGiveTheSameBitsSplitAndOnOneThread() {
        Shape s = Shape.of(3, 17, 14, 14);
        float[] x = data(s.size(), 55);
        float[] dy = data(s.size() / 4, 56);
        float[][] results = new float[2][];
        int k = 0;
        for (Backend b : new Backend[] {ONE, SPLIT}) {
            Tensor xt = b.of(x, s);
            Tensor y = b.zeros(3, 17, 7, 7);
            Tensor dx = b.zeros(s);
            Tensor r = b.zeros(s);
            Tensor dr = b.zeros(s);
            b.kernels().pooling().maxPool2d(xt, Window2d.of(2, 2), y);
            b.kernels().pooling().maxPool2dBackward(xt, b.of(dy, 3, 17, 7, 7), Window2d.of(2, 2), dx);
            b.kernels().activations().forward(ReLU.FUNCTION, xt.addScalar(-5f), r);
            b.kernels().activations().backward(ReLU.FUNCTION, r, dx, dr);
            results[k++] = concat(y, dx, r, dr);
        }
        assertArrayEquals(results[0], results[1], "max pooling and ReLU split over 3 threads and on one");
    }
}
