package io.neurite.optim.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** Every schedule against values worked out by hand (cos(pi/4) = 0.70710678...). */
class SchedulesTest {
    private static final double EPS = 1e-12;

    private static void assertRates(LearningRateSchedule s, long[] steps, double[] expected) {
        for (int i = 0; i < steps.length; i++) {
            assertEquals(expected[i], s.lr(steps[i]), EPS, s + " at step " + steps[i]);
        }
    }

    @Test
    void constant() {
        assertRates(Schedules.constant(0.1), new long[] {0, 1, 1_000_000_000_000L}, new double[] {0.1, 0.1, 0.1});
    }

    @Test
    void stepDecayHalvesEveryThreeSteps() {
        assertRates(Schedules.stepDecay(0.1, 3, 0.5), new long[] {0, 2, 3, 5, 6, 9},
                new double[] {0.1, 0.1, 0.05, 0.05, 0.025, 0.0125});
    }

    @Test
    void exponentialDecayIsSmooth() {
        // 0.1 * 0.5^(step / 2)
        assertRates(Schedules.exponentialDecay(0.1, 0.5, 2), new long[] {0, 1, 2, 3, 4},
                new double[] {0.1, 0.07071067811865475, 0.05, 0.035355339059327376, 0.025});
    }

    @Test
    void exponentialDecayWithOneStepIsPyTorchsExponentialLr() {
        assertRates(Schedules.exponentialDecay(1.0, 0.9, 1), new long[] {0, 1, 2, 3},
                new double[] {1, 0.9, 0.81, 0.729});
    }

    @Test
    void cosineDecayReachesItsFloorAndStays() {
        // 0.02 + 0.08 * (1 + cos(pi * step / 4)) / 2
        assertRates(Schedules.cosineDecay(0.1, 4, 0.02), new long[] {0, 1, 2, 3, 4, 5, 100},
                new double[] {0.1, 0.08828427124746191, 0.06, 0.031715728752538105, 0.02, 0.02, 0.02});
        assertRates(Schedules.cosineDecay(0.1, 4), new long[] {2, 4, 7}, new double[] {0.05, 0, 0});
    }

    @Test
    void linearWarmupClimbsThenRunsTheWrappedScheduleFromItsStart() {
        LearningRateSchedule s = Schedules.cosineDecay(0.1, 4, 0.02).withLinearWarmup(4);
        assertRates(s, new long[] {0, 1, 2, 3, 4, 5, 6, 8, 50},
                new double[] {0.025, 0.05, 0.075, 0.1, 0.1, 0.08828427124746191, 0.06, 0.02, 0.02});
        assertRates(Schedules.linearWarmup(3, Schedules.constant(0.3)), new long[] {0, 1, 2, 3, 99},
                new double[] {0.1, 0.2, 0.3, 0.3, 0.3});
        assertRates(Schedules.stepDecay(0.1, 3, 0.5).withLinearWarmup(0), new long[] {0, 3},
                new double[] {0.1, 0.05});
    }

    @Test
    void schedulesArePure() {
        LearningRateSchedule s = Schedules.exponentialDecay(0.1, 0.5, 2).withLinearWarmup(3);
        double late = s.lr(40);
        double early = s.lr(1);
        assertEquals(late, s.lr(40));
        assertEquals(early, s.lr(1));
    }

    @Test
    void argumentsAreCheckedWithClearMessages() {
        assertMessage(() -> Schedules.constant(-0.1), "ConstantSchedule", "-0.1", ">= 0");
        assertMessage(() -> Schedules.constant(Double.NaN), "ConstantSchedule", "NaN");
        assertMessage(() -> Schedules.constant(Double.POSITIVE_INFINITY), "ConstantSchedule", "Infinity");
        assertMessage(() -> Schedules.stepDecay(0.1, 0, 0.5), "StepDecay", "stepSize", "0");
        assertMessage(() -> Schedules.stepDecay(0.1, 10, 1.5), "StepDecay", "gamma", "1.5", "(0, 1]");
        assertMessage(() -> Schedules.stepDecay(0.1, 10, 0), "StepDecay", "gamma");
        assertMessage(() -> Schedules.exponentialDecay(0.1, 0.9, -5), "ExponentialDecay", "decaySteps", "-5");
        assertMessage(() -> Schedules.exponentialDecay(0.1, -0.9, 5), "ExponentialDecay", "decayRate");
        assertMessage(() -> Schedules.cosineDecay(0.1, 100, 0.2), "CosineDecay", "minLr", "0.2", "0.1");
        assertMessage(() -> Schedules.cosineDecay(0.1, 0), "CosineDecay", "decaySteps");
        assertMessage(() -> Schedules.constant(0.1).withLinearWarmup(-1), "LinearWarmup", "-1");
        assertMessage(() -> Schedules.cosineDecay(0.1, 10).lr(-1), "CosineDecay", "step", "-1");
        assertMessage(() -> Schedules.constant(0.1).withLinearWarmup(2).lr(-3), "LinearWarmup", "-3");
        NullPointerException e = assertThrows(NullPointerException.class, () -> Schedules.linearWarmup(3, null));
        assertTrue(e.getMessage().contains("LinearWarmup"), e.getMessage());
    }

    @Test
    void factoriesBuildTheDocumentedTypes() {
        assertSame(CosineDecay.class, Schedules.cosineDecay(0.1, 10).getClass());
        assertSame(LinearWarmup.class, Schedules.constant(0.1).withLinearWarmup(2).getClass());
    }

    static void assertMessage(Executable call, String... mentions) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
        for (String m : mentions) {
            assertTrue(e.getMessage().contains(m), "message should mention '" + m + "': " + e.getMessage());
        }
    }
}
