package io.neurite.bench.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.neurite.backend.pure.PeakProbe;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The issue-11 additions to the report on hand-made results whose figures can be checked by hand: the peak
 * probe's GFLOPS, "% of peak" per backend, the goals, and PyTorch's figures read from mlp_step.py's JSON.
 */
class SpeedGoalsTest {
    /** A result of {@code seconds} per operation, in JMH's us/op. */
    private static JmhResult result(String benchmark, Map<String, String> params, double seconds, double bytes) {
        return new JmhResult("io.neurite.bench." + benchmark, "avgt", params, seconds * 1e6, Double.NaN, "us/op", bytes,
                "17.0.15", "OpenJDK");
    }

    /** Peak 100 GFLOPS per core; n = 1024 at 2 threads: pure 160 GFLOPS (80 %), nd4j 128. */
    private static List<JmhResult> results() {
        List<JmhResult> r = new ArrayList<>();
        r.add(result("PeakBenchmark.peak", Map.of("backend", "pure"), 2.0 * PeakProbe.FMAS_PER_RUN / 100e9, Double.NaN));
        double flops1024 = 2.0 * 1024 * 1024 * 1024;
        r.add(result("GemmBenchmark.square", Map.of("backend", "pure", "n", "1024", "threads", "2"), flops1024 / 160e9, Double.NaN));
        r.add(result("GemmBenchmark.square", Map.of("backend", "nd4j", "n", "1024", "threads", "2"), flops1024 / 128e9, Double.NaN));
        r.add(result("GemmBenchmark.square", Map.of("backend", "pure", "n", "64", "threads", "2"), 4e-6, Double.NaN));
        r.add(result("GemmBenchmark.square", Map.of("backend", "nd4j", "n", "64", "threads", "2"), 6e-6, Double.NaN));
        r.add(result("TrainingStepBenchmark.step", Map.of("backend", "pure", "batch", "128", "threads", "1"), 2e-3, 300));
        r.add(result("TrainingStepBenchmark.step", Map.of("backend", "pure", "batch", "128", "threads", "2"), 1e-3, 1500));
        return r;
    }

    @Test
    void peakAndItsFractionsAreComputedFromTheRunsOwnProbe() {
        List<JmhResult> r = results();
        assertEquals(100, MarkdownReport.peakPerCore(r), 1e-6);
        String md = MarkdownReport.render(r, "test machine");
        // 160 GFLOPS over 2 threads x 100 = 80 %; nd4j 128 -> 64 %
        assertTrue(md.contains("| square n×n·n×n | 1024 | 2 | 160 | 128 | 1.25 | 80 % | 64 % |"), md);
        assertTrue(md.contains("| FMA peak, 1 thread | 100 |"), md);
    }

    @Test
    void goalsAreMetMissedOrNotMeasured() {
        List<Goals.Goal> goals = SpeedGoals.check(results(), 100, null);
        assertEquals(1.25, goals.get(0).measured(), 1e-9);
        assertTrue(goals.get(0).met());
        assertEquals(80, goals.get(1).measured(), 1e-9);
        assertTrue(goals.get(1).met(), "exactly 80 % meets the goal");
        assertTrue(Double.isNaN(goals.get(2).measured()), "no Dense products in these results");
        assertEquals(1.5, goals.get(5).measured(), 1e-9); // n = 64: 6 us / 4 us
        assertFalse(goals.get(5).met());
        assertEquals(2.0, goals.get(6).measured(), 1e-9); // 2 ms / 1 ms
        assertTrue(goals.get(6).met());
        assertTrue(Double.isNaN(goals.get(7).measured()), "no PyTorch figures");
        assertEquals(1500, goals.get(8).measured(), 1e-9, "the worst step counts");
        assertFalse(goals.get(8).met());
    }

    @Test
    void pytorchFiguresAreReadAndCompared(@TempDir Path dir) throws IOException {
        Path json = dir.resolve("torch.json");
        Files.writeString(json, "{\"framework\": \"PyTorch 1.13\", \"results\": ["
                + "{\"batch\": 128, \"threads\": 1, \"samples_per_second\": 40000, \"median_ms\": 3.2},"
                + "{\"batch\": 128, \"threads\": 2, \"samples_per_second\": 50000, \"median_ms\": 2.56}]}");
        PyTorchReference torch = PyTorchReference.read(json);
        assertEquals(50000, torch.best(128), 1e-9);
        assertTrue(Double.isNaN(torch.best(32)));
        Goals.Goal vsTorch = SpeedGoals.check(results(), 100, torch).get(7);
        assertEquals(128 / 1e-3 / 50000, vsTorch.measured(), 1e-9); // pure 2T: 128,000 samples/s
        assertTrue(vsTorch.met());
        assertTrue(MarkdownReport.render(results(), "m", torch).contains("| 128 | 2 | 50,000 | 2.560 |"));
    }

    @Test
    void aPytorchFileWithoutResultsIsAClearError(@TempDir Path dir) throws IOException {
        Path json = Files.writeString(dir.resolve("empty.json"), "{\"framework\": \"x\"}");
        IOException e = org.junit.jupiter.api.Assertions.assertThrows(IOException.class, () -> PyTorchReference.read(json));
        assertTrue(e.getMessage().contains("mlp_step.py --json"), e.getMessage());
    }
}
