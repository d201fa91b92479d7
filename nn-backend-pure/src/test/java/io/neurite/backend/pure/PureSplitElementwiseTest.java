package io.neurite.backend.pure;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import io.neurite.kernel.AdamStep;
import io.neurite.kernel.MomentumStep;
import io.neurite.nn.GELU;
import io.neurite.nn.LeakyReLU;
import io.neurite.nn.ReLU;
import io.neurite.nn.Sigmoid;
import io.neurite.nn.Softplus;
import io.neurite.nn.Tanh;
import io.neurite.kernel.ElementwiseFunction;
import io.neurite.tensor.Backend;
import io.neurite.tensor.SeededRandom;
import io.neurite.tensor.Tensor;
import java.util.function.BiFunction;
import org.junit.jupiter.api.Test;

/**
 * The element-wise operations, activations and optimizer updates give the same bits however they are split.
 * The SIMD loops use fused multiply-adds and vector transcendentals and hand the last few elements of a range
 * to scalar code, which does not, so a thread's share that ends off a vector boundary would change the
 * results of the elements around its end. How finely an operation is split depends on the pool's dispatch
 * cost, measured at start-up and again while the program runs, so such a result would differ from run to run
 * (the Fashion-MNIST job's accuracy did: 0.8971, 0.8976 or 0.8965 for seed 1). The lengths here split into
 * three shares of about 2,050 elements, which no vector length divides.
 */
class PureSplitElementwiseTest {
    /** Splits every operation of 2 * MIN_GRAIN elements and more (a dispatch cost of 1 ns) over 3 threads. */
    static final PureBackend SPLIT = finelySplit();
    static final PureBackend ONE = new PureBackend(1);
    /** Three shares that no vector length divides, and six. */
    static final int[] LENGTHS = {3 * SplitPolicy.MIN_GRAIN + 5, 6 * SplitPolicy.MIN_GRAIN + 7};

    private static PureBackend finelySplit() {
        PureBackend b = new PureBackend(3);
        b.useSplitPolicy(new SplitPolicy(3, 1, null));
        return b;
    }

    private static float[] data(int size, long seed, float offset) {
        float[] x = new SeededRandom(seed).normal(size, 0f, 1f);
        for (int i = 0; i < x.length; i++) {
            x[i] += offset;
        }
        return x;
    }

    /** {@code op} on one thread and split, on operands {@code x} (around {@code offset}) and {@code y}. */
    private static void sameBits(String name, float offset, BiFunction<Tensor, Tensor, Tensor> op) {
        for (int n : LENGTHS) {
            float[] x = data(n, 61, offset);
            float[] y = data(n, 62, 2f);
            float[][] results = new float[2][];
            int k = 0;
            for (Backend b : new Backend[] {ONE, SPLIT}) {
                results[k++] = op.apply(b.of(x, n), b.of(y, n)).toFloatArray();
            }
            assertArrayEquals(results[0], results[1], name + " of " + n + " elements split over 3 threads and on one");
        }
    }

    /** A batch gather split into six chunks of rows (of 20 rows each and more) lands every row where it belongs. */
    @Test
    void gatherRowsSplitOverThreadsCopiesEveryRow() {
        int rows = 203;
        int rowLength = 100;
        float[] source = data(1000 * rowLength, 63, 0f);
        int[] offsets = new int[rows];
        java.util.Random random = new java.util.Random(64);
        float[] expected = new float[rows * rowLength];
        for (int r = 0; r < rows; r++) {
            offsets[r] = random.nextInt(1000) * rowLength;
            System.arraycopy(source, offsets[r], expected, r * rowLength, rowLength);
        }
        for (Backend b : new Backend[] {ONE, SPLIT}) {
            Tensor t = b.zeros(rows, rowLength).gatherRows(source, offsets);
            assertArrayEquals(expected, t.toFloatArray(), "gatherRows on " + b.threads() + " thread(s)");
        }
    }

    @Test
    void elementwiseArithmeticGivesTheSameBitsSplitAndOnOneThread() {
        sameBits("add", 0f, Tensor::add);
        sameBits("sub", 0f, Tensor::sub);
        sameBits("mul", 0f, Tensor::mul);
        sameBits("div", 0f, Tensor::div);
        sameBits("addScaledInPlace", 0f, (x, y) -> x.addScaledInPlace(0.37f, y));
        sameBits("scale", 0f, (x, y) -> x.scale(1.7f));
        sameBits("addScalar", 0f, (x, y) -> x.addScalar(0.3f));
        sameBits("clamp", 0f, (x, y) -> x.clamp(-0.5f, 0.5f));
        sameBits("maxScalar", 0f, (x, y) -> x.maxScalar(0.1f));
        sameBits("sqrt", 4f, (x, y) -> x.abs().sqrt());
        sameBits("square", 0f, (x, y) -> x.square());
        sameBits("abs", 0f, (x, y) -> x.abs());
        sameBits("fill", 0f, (x, y) -> x.fill(0.25f));
    }

    @Test
    void transcendentalsGiveTheSameBitsSplitAndOnOneThread() {
        sameBits("exp", 0f, (x, y) -> x.exp());
        sameBits("log", 4f, (x, y) -> x.abs().log());
    }

    @Test
    void activationsGiveTheSameBitsSplitAndOnOneThread() {
        ElementwiseFunction[] functions = {ReLU.FUNCTION, new LeakyReLU(0.1f).function(), Sigmoid.FUNCTION,
                Tanh.FUNCTION, GELU.FUNCTION, Softplus.FUNCTION};
        for (ElementwiseFunction f : functions) {
            sameBits(f.name() + " forward", 0f,
                    (x, y) -> x.backend().kernels().activations().forward(f, x, x.backend().zeros(x.shape())));
            sameBits(f.name() + " backward", 0f,
                    (x, y) -> x.backend().kernels().activations().backward(f, x, y, x.backend().zeros(x.shape())));
        }
    }

    @Test
    void optimizerUpdatesGiveTheSameBitsSplitAndOnOneThread() {
        AdamStep adam = AdamStep.of(0.9, 0.999, 1e-8, 1e-3, 3, 1e-4, 1);
        sameBits("adam", 0f, (p, g) -> {
            Backend b = p.backend();
            Tensor m = b.of(data(p.size(), 63, 0f), p.shape());
            Tensor v = b.of(data(p.size(), 64, 2f), p.shape()).abs();
            b.kernels().optimizers().adam(adam, p, g, m, v, b.zeros(p.shape()));
            return concat(b, p, m, v);
        });
        MomentumStep momentum = new MomentumStep(0.01f, 0.9f, 0.1f, 1e-4f, true, false);
        sameBits("nesterov momentum", 0f, (p, g) -> {
            Backend b = p.backend();
            Tensor buffer = b.of(data(p.size(), 65, 0f), p.shape());
            b.kernels().optimizers().momentum(momentum, p, g, buffer);
            return concat(b, p, buffer);
        });
    }

    private static Tensor concat(Backend b, Tensor... ts) {
        float[] all = PureFinelySplitLayerKernelsTest.concat(ts);
        return b.of(all, all.length);
    }
}
