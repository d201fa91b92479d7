package io.neurite.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.neurite.optim.Optimizer;
import org.junit.jupiter.api.Test;

/** The job's schedule: a linear warm-up over a share of the global steps, then a cosine decay to 0. */
class OptimizerFactoryTest {

    /** The rate at every step, written out: (step + 1) / w of the peak while warming up, then the cosine. */
    static double expected(double lr, long total, long warmup, long step) {
        if (step < warmup) {
            return lr * (step + 1) / warmup;
        }
        long decay = total - warmup;
        long t = step - warmup;
        return t >= decay ? 0 : lr * 0.5 * (1 + Math.cos(Math.PI * t / decay));
    }

    @Test
    void warmsUpOverItsShareOfTheStepsThenDecaysToZeroAtTheLastStep() {
        long total = 1500;
        long warmup = 100;  // 1/15 of 1500
        Optimizer adam = OptimizerFactory.adamWarmupCosine(2e-3, 1.0 / 15).create(total);
        var schedule = ((io.neurite.optim.AbstractOptimizer) adam).learningRateSchedule();
        for (long step : new long[] {0, 1, 49, 99, 100, 101, 700, 1499, 1500, 2000}) {
            assertEquals(expected(2e-3, total, warmup, step), schedule.lr(step), 1e-12, "step " + step);
        }
        assertEquals(2e-3, schedule.lr(99), 1e-15, "the warm-up ends at the peak rate");
        assertTrue(schedule.lr(1499) < 1e-8, "the decay ends at the last step");
    }

    @Test
    void noWarmUpIsThePlainCosine() {
        var plain = ((io.neurite.optim.AbstractOptimizer) OptimizerFactory.adamCosine(1e-3).create(500))
                .learningRateSchedule();
        var none = ((io.neurite.optim.AbstractOptimizer) OptimizerFactory.adamWarmupCosine(1e-3, 0).create(500))
                .learningRateSchedule();
        for (long step = 0; step <= 500; step += 7) {
            assertEquals(plain.lr(step), none.lr(step), 0, "step " + step);
        }
    }

    @Test
    void aShareOutsideZeroToOneIsRefusedNamingIt() {
        for (double bad : new double[] {-0.1, 1, 1.5, Double.NaN}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> OptimizerFactory.adamWarmupCosine(1e-3, bad));
            assertTrue(e.getMessage().contains("warmupFraction is " + bad), e.getMessage());
        }
    }
}
