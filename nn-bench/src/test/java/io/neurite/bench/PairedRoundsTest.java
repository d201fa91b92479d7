package io.neurite.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * The interleaved tool's arithmetic, on made-up times (no timing is measured here): per-round ratios, their
 * median and range, the percentage of the two-core peak, and the verdict against a goal.
 */
class PairedRoundsTest {

    @Test
    void ratiosArePerRoundSoADriftCancels() {
        // the machine halves its speed after two rounds; within each round the first is twice as fast
        PairedRounds r = new PairedRounds("a", "b", 4);
        r.add(100, 200);
        r.add(100, 200);
        r.add(200, 400);
        r.add(200, 400);
        assertArrayEquals(new double[] {2, 2, 2, 2}, r.speedRatios(), 1e-12);
        assertEquals(2.0, r.medianSpeedRatio(), 1e-12);
        // the ratio of the medians would mix the two machine states: (100 + 200) / 2 against (200 + 400) / 2
        assertEquals(150.0, r.firstMedianNanos(), 1e-12);
        assertEquals(300.0, r.secondMedianNanos(), 1e-12);
    }

    @Test
    void medianAndRangeOfTheRounds() {
        PairedRounds r = new PairedRounds("a", "b", 3);
        r.add(10, 30);
        r.add(10, 5);
        r.add(10, 12);
        assertEquals(1.2, r.medianSpeedRatio(), 1e-12);
        assertEquals(0.5, r.lowestSpeedRatio(), 1e-12);
        assertEquals(3.0, r.highestSpeedRatio(), 1e-12);
        assertEquals(2.5, PairedRounds.median(new double[] {4, 1, 2, 3}), 1e-12);
    }

    @Test
    void badInputIsRefusedWithTheReason() {
        PairedRounds r = new PairedRounds("a", "b", 1);
        IllegalArgumentException zero = assertThrows(IllegalArgumentException.class, () -> r.add(0, 1));
        assertTrue(zero.getMessage().contains("positive"), zero.getMessage());
        assertThrows(IllegalArgumentException.class, () -> r.add(Double.NaN, 1));
        r.add(1, 1);
        assertThrows(IllegalStateException.class, () -> r.add(1, 1));
        assertThrows(IllegalStateException.class, () -> new PairedRounds("a", "b", 1).medianSpeedRatio());
        assertThrows(IllegalArgumentException.class, () -> new PairedRounds("a", "b", 0));
    }

    @Test
    void percentOfTheTwoCorePeakComesFromEachRoundsRates() {
        // first: 100 GFLOP per call in 1 s = 100 GFLOPS; second (one-core peak): 1 GFLOP in 0.02 s = 50 GFLOPS
        Interleaved.Comparison c = new Interleaved.Comparison("peak", new Interleaved.Op("gemm", 100e9, () -> { }),
                new Interleaved.Op("probe", 1e9, () -> { }), Interleaved.Figure.PERCENT_OF_TWO_CORE_PEAK, 80);
        PairedRounds r = new PairedRounds("gemm", "probe", 2);
        r.add(1e9, 0.02e9);
        r.add(2e9, 0.05e9); // 50 GFLOPS against 2 x 20
        assertArrayEquals(new double[] {100, 125}, Interleaved.figures(c, r), 1e-9);
        String row = Interleaved.row(c, r);
        assertTrue(row.contains("113 % (100–125)") && row.endsWith("| yes |"), row);
    }

    @Test
    void throughputRatioWeighsEachRoundsTimesByTheWorkOfACall() {
        // first: 4 GFLOP per call (two cores' probes); second: 2 GFLOP per call (one core's)
        Interleaved.Comparison c = new Interleaved.Comparison("host", new Interleaved.Op("probe 2T", 4e9, () -> { }),
                new Interleaved.Op("probe 1T", 2e9, () -> { }), Interleaved.Figure.THROUGHPUT_RATIO, 1.7);
        PairedRounds r = new PairedRounds("probe 2T", "probe 1T", 3);
        r.add(1.0e9, 1.0e9); // both cores as fast as one alone: 2.0
        r.add(1.6e9, 1.0e9); // the second core gave a quarter: 1.25
        r.add(1.0e9, 0.75e9); // 1.5
        assertArrayEquals(new double[] {2.0, 1.25, 1.5}, Interleaved.figures(c, r), 1e-9);
        String row = Interleaved.row(c, r);
        assertTrue(row.contains("1.50 (1.25–2.00)") && row.contains("≥ 1.7") && row.endsWith("| **no** |"), row);
    }

    @Test
    void theStepsRoundsAreReadBesideTheHostCheckOfTheSameRound() {
        Interleaved.Comparison host = new Interleaved.Comparison("host", new Interleaved.Op("probe 2T", 4, () -> { }),
                new Interleaved.Op("probe 1T", 2, () -> { }), Interleaved.Figure.THROUGHPUT_RATIO, 1.8);
        Interleaved.Comparison step = new Interleaved.Comparison("step 2T / 1T samples/s",
                new Interleaved.Op("2T", 0, () -> { }), new Interleaved.Op("1T", 0, () -> { }),
                Interleaved.Figure.SPEED_RATIO, 1.7, host);
        PairedRounds control = new PairedRounds("probe 2T", "probe 1T", 4);
        PairedRounds r = new PairedRounds("2T", "1T", 4);
        control.add(1.0, 1.0); // host 2.0: two cores
        r.add(1.0, 1.75);
        control.add(2.0, 1.0); // host 1.0: one core shared
        r.add(1.0, 1.1);
        control.add(1.05, 1.0); // host 1.90: two cores
        r.add(1.0, 1.65);
        control.add(1.25, 1.0); // host 1.60
        r.add(1.0, 1.3);
        String s = Interleaved.inRoundsWithTwoCores(step, r, control);
        assertTrue(s.startsWith("step 2T / 1T, in the 2 of 4 rounds whose host check reached 1.8: 1.70 (1.65–1.75)")
                && s.endsWith("; in the other 2: 1.20 (1.10–1.30)."), s);

        PairedRounds shared = new PairedRounds("probe 2T", "probe 1T", 4);
        for (int i = 0; i < 4; i++) {
            shared.add(2.0, 1.0);
        }
        assertTrue(Interleaved.inRoundsWithTwoCores(step, r, shared).contains("in no round did the host check reach"
                + " 1.8"));
    }

    @Test
    void aGoalNotReachedIsSaidSo() {
        Interleaved.Comparison c = new Interleaved.Comparison("speed", new Interleaved.Op("pure", 2, () -> { }),
                new Interleaved.Op("nd4j", 2, () -> { }), Interleaved.Figure.SPEED_RATIO, 1.0);
        PairedRounds r = new PairedRounds("pure", "nd4j", 1);
        r.add(100, 90);
        String row = Interleaved.row(c, r);
        assertTrue(row.contains("0.90 (0.90–0.90)") && row.endsWith("| **no** |"), row);
    }

    @Test
    void stealIsTheEighthFigureOfTheCpuLine() {
        long[] before = HostSteal.parse("cpu  100 0 50 800 10 0 5 5 0 0");
        long[] after = HostSteal.parse("cpu  200 0 60 1700 10 0 5 25 0 0");
        // 1,030 ticks in all, 20 of them stolen
        String s = HostSteal.describe(before, after);
        assertTrue(s.contains("1.9 %") && s.contains("20 of 1030"), s);
        assertTrue(HostSteal.describe(new long[0], after).contains("not reported"));
        assertThrows(IllegalArgumentException.class, () -> HostSteal.parse("cpu0 1 2 3"));
    }

    @Test
    void onlyPicksGoalsByTheirTextAndRefusesTextThatMatchesNone() {
        Interleaved.Op op = new Interleaved.Op("x", 1, () -> { });
        java.util.List<Interleaved.Comparison> all = java.util.List.of(
                new Interleaved.Comparison("sgemm n=64", op, op, Interleaved.Figure.SPEED_RATIO, 2),
                new Interleaved.Comparison("sgemm n=1024", op, op, Interleaved.Figure.SPEED_RATIO, 1));
        assertEquals(all, Interleaved.selected(all, null));
        assertEquals(java.util.List.of(all.get(1)), Interleaved.selected(all, "n=1024"));
        IllegalArgumentException none = assertThrows(IllegalArgumentException.class,
                () -> Interleaved.selected(all, "n=32"));
        assertTrue(none.getMessage().contains("--only 'n=32' matches no goal") && none.getMessage().contains("sgemm n=64"),
                none.getMessage());
    }
}
