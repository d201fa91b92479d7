package io.neurite.backend.pure;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.neurite.tensor.SeededRandom;
import io.neurite.tensor.Tensor;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** {@link PureBackend#concurrently}: both pieces run, the results are those of running them in turn, errors surface. */
class PureConcurrentlyTest {
    static final PureBackend TWO = new PureBackend(2);
    static final PureBackend ONE = new PureBackend(1);

    private static float[] products(PureBackend b) {
        Tensor x = b.of(new SeededRandom(1).normal(128 * 300, 0f, 1f), 128, 300);
        Tensor w = b.of(new SeededRandom(2).normal(300 * 200, 0f, 1f), 300, 200);
        Tensor dy = b.of(new SeededRandom(3).normal(128 * 200, 0f, 1f), 128, 200);
        Tensor dx = b.zeros(128, 300);
        Tensor dw = b.zeros(300, 200);
        // each piece itself asks for a nested pair, which then runs in turn on the piece's thread
        b.concurrently(128L * 300 * 200,
                () -> b.gemm(1f, dy, false, w, true, 0f, dx),
                () -> b.concurrently(128L * 300 * 200, () -> b.gemm(1f, x, true, dy, false, 1f, dw),
                        () -> dw.scaleInPlace(0.5f)));
        float[] out = new float[dx.size() + dw.size()];
        System.arraycopy(dx.toFloatArray(), 0, out, 0, dx.size());
        System.arraycopy(dw.toFloatArray(), 0, out, dx.size(), dw.size());
        return out;
    }

    @Test
    void twoPiecesGiveTheSameBitsOnTwoThreadsAsInTurnOnOne() {
        assertArrayEquals(products(ONE), products(TWO));
    }

    @Test
    void aFailureInEitherPieceReachesTheCaller() {
        long big = PureBackend.CONCURRENT_WORK;
        AtomicInteger ran = new AtomicInteger();
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> TWO.concurrently(big,
                ran::incrementAndGet, () -> {
                    throw new IllegalStateException("second piece failed");
                }));
        assertEquals("second piece failed", e.getMessage());
        assertEquals(1, ran.get(), "the other piece still ran");
        assertThrows(ArithmeticException.class, () -> TWO.concurrently(big, () -> {
            throw new ArithmeticException("first piece failed");
        }, ran::incrementAndGet));
        // and the pool still works afterwards
        assertArrayEquals(products(ONE), products(TWO));
    }

    @Test
    void smallPiecesRunInTurnOnTheCallingThread() {
        AtomicReference<Thread> first = new AtomicReference<>();
        AtomicReference<Thread> second = new AtomicReference<>();
        TWO.concurrently(PureBackend.CONCURRENT_WORK - 1, () -> first.set(Thread.currentThread()),
                () -> second.set(Thread.currentThread()));
        assertSame(Thread.currentThread(), first.get());
        assertSame(Thread.currentThread(), second.get());
    }
}
