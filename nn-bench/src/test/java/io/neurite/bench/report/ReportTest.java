package io.neurite.bench.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.neurite.bench.Report;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The report tool on a checked-in JMH JSON (src/test/resources/sample-results.json) whose scores were chosen
 * so that every derived figure can be computed by hand.
 */
class ReportTest {

    private static List<JmhResult> sample() throws URISyntaxException {
        return JmhJson.read(Path.of(ReportTest.class.getResource("/sample-results.json").toURI()));
    }

    private static JmhResult find(List<JmhResult> results, String name, Map<String, String> params) {
        return results.stream().filter(r -> r.simpleName().equals(name) && r.params().equals(params)).findFirst()
                .orElseThrow(() -> new AssertionError("no " + name + " " + params + " in the sample"));
    }

    @Test
    void parsesEveryResultWithParamsUnitsAndAllocation() throws Exception {
        List<JmhResult> results = sample();
        assertEquals(11, results.size());
        JmhResult dl4j = find(results, "TrainingStepBenchmark.step", Map.of("backend", "dl4j", "batch", "128", "threads", "2"));
        assertEquals("ms/op", dl4j.unit());
        assertEquals(0.010, dl4j.secondsPerOp(), 1e-12);
        assertEquals(350000.0, dl4j.allocBytesPerOp());
        assertEquals("17.0.15", dl4j.jdk());
        JmhResult noError = find(results, "GemmBenchmark.square", Map.of("backend", "pure", "n", "64", "threads", "2"));
        assertTrue(Double.isNaN(noError.error()), "JMH writes \"NaN\" as a string when it has no error");
        assertTrue(Double.isNaN(noError.allocBytesPerOp()), "no -prof gc: no allocation figure");
    }

    @Test
    void cellsAreMediansOfTheIterationsNotMeans(@TempDir Path dir) throws Exception {
        // Five iterations of which one was disturbed: mean 28, median 10. Allocation: mean 2,080, median 100.
        Path json = dir.resolve("one.json");
        Files.writeString(json, """
                [{"benchmark": "io.neurite.bench.TrainingStepBenchmark.step", "mode": "avgt",
                  "params": {"backend": "pure", "batch": "128", "threads": "2"},
                  "primaryMetric": {"score": 28.0, "scoreError": 40.0, "scoreUnit": "us/op",
                                    "scorePercentiles": {"0.0": 9.0, "50.0": 10.0, "100.0": 100.0}},
                  "secondaryMetrics": {"gc.alloc.rate.norm": {"score": 2080.0, "scoreUnit": "B/op",
                                    "scorePercentiles": {"50.0": 100.0}}}}]
                """);
        JmhResult r = JmhJson.read(json).get(0);
        assertEquals(10.0, r.score());
        assertEquals(40.0, r.error());
        assertEquals(100.0, r.allocBytesPerOp());
    }

    @Test
    void gemmGflopsIsTwoNCubedOverTime() throws Exception {
        List<JmhResult> results = sample();
        // 2 * 1024^3 FLOP in 20,000 µs = 107.374 GFLOPS; JMH's 1% error carries over as 1%.
        Figure pure = Metric.GFLOPS.figure(find(results, "GemmBenchmark.square",
                Map.of("backend", "pure", "n", "1024", "threads", "2")));
        assertEquals(2.0 * 1024 * 1024 * 1024 / 0.020 / 1e9, pure.value(), 1e-9);
        assertEquals(107.374, pure.value(), 1e-3);
        assertEquals(1.07374, pure.error(), 1e-5);
        // The same product reported in ms/op: 12.8 ms = 167.77 GFLOPS.
        Figure raw = Metric.GFLOPS.figure(find(results, "GemmBenchmark.square",
                Map.of("backend", "nd4j-raw", "n", "1024", "threads", "2")));
        assertEquals(167.772, raw.value(), 1e-3);
        // A Dense product: 2 * 128 * 784 * 256 FLOP in 1 ms.
        Figure dense = Metric.GFLOPS.figure(find(results, "GemmBenchmark.denseForwardNN",
                Map.of("backend", "pure", "threads", "2")));
        assertEquals(2.0 * 128 * 784 * 256 / 1e-3 / 1e9, dense.value(), 1e-9);
    }

    @Test
    void stepsAreSamplesPerSecondAndElementwiseIsMicroseconds() throws Exception {
        List<JmhResult> results = sample();
        Figure step = Metric.SAMPLES_PER_SECOND.figure(find(results, "TrainingStepBenchmark.step",
                Map.of("backend", "pure", "batch", "128", "threads", "2")));
        assertEquals(64000.0, step.value(), 1e-6); // 128 samples in 2 ms
        assertEquals(3200.0, step.error(), 1e-6);
        Figure relu = Metric.MICROSECONDS.figure(find(results, "ElementwiseBenchmark.relu",
                Map.of("backend", "pure", "threads", "1")));
        assertEquals(4.0, relu.value(), 1e-9);
        assertEquals(0.5, relu.error(), 1e-9);
    }

    @Test
    void tableShowsFiguresRatiosAndAllocation() throws Exception {
        String md = MarkdownReport.render(sample(), "test machine");
        // n=1024: pure 107 GFLOPS, nd4j 134, raw 168; pure/nd4j = 0.8 and nd4j/raw = 0.8.
        assertTrue(md.contains("| square n×n·n×n | 1024 | 2 | 107 ± 1.1 | 134 ± 1.3 | 168 ± 1.7 | 0.80 | 0.80 |"), md);
        // n=64: no error for pure (NaN), pure is 2.5x faster than nd4j; no raw, so no raw ratio.
        assertTrue(md.contains("| square n×n·n×n | 64 | 2 | 65.5 | 26.2 ± 1.3 |  | 2.50 |  |"), md);
        // Training: 64,000 / 32,000 / 12,800 samples/s; best Neurite / dl4j = 5; bytes per step.
        assertTrue(md.contains("| one step | 128 | 2 | 64,000 ± 3,200 | 32,000 ± 800 | 12,800 ± 640 | 2.00 | 5.00 | 512 | 12,000 | 350,000 |"), md);
        // Element-wise: a speed ratio, so 4 µs vs 10 µs is 2.5.
        assertTrue(md.contains("| relu | 1 | 4.00 ± 0.50 | 10.0 ± 0.50 | 2.50 |"), md);
        assertTrue(md.startsWith("Machine: test machine. JDK: 17.0.15"), md);
    }

    @Test
    void goalsOfIssue6AreCheckedAndMissingOnesSaySo() throws Exception {
        List<Goals.Goal> goals = Goals.check(sample());
        assertEquals(6, goals.size());
        assertEquals(0.8, goals.get(0).measured(), 1e-9); // n=1024: 16 ms / 20 ms
        assertEquals(false, goals.get(0).met());
        assertEquals(2.5, goals.get(1).measured(), 1e-9); // n=64: 20 µs / 8 µs, exactly the target
        assertEquals(true, goals.get(1).met());
        assertEquals(2.0, goals.get(2).measured(), 1e-9); // batch 128: 4 ms / 2 ms
        assertTrue(Double.isNaN(goals.get(3).measured()), "the sample has no batch-32 step");
        assertEquals(5.0, goals.get(4).measured(), 1e-9); // 10 ms / 2 ms
        assertEquals("pure 2T vs dl4j 2T", goals.get(4).detail());
        assertEquals(512.0, goals.get(5).measured(), 1e-9);
        assertEquals(true, goals.get(5).met());
        String md = Goals.markdown(goals);
        assertTrue(md.contains("| training step batch 32, 2 threads: pure / nd4j samples/s | not measured | ≥ 2.0 | ? |"), md);
        assertTrue(md.contains("| 0.80 | ≥ 1.0 | **no** |"), md);
    }

    @Test
    void rowsAreOrderedBySizeNotText() throws Exception {
        ResultTable gemm = ResultTable.of(sample()).get(0);
        assertEquals("GemmBenchmark", gemm.className());
        assertEquals(List.of("n", "threads"), gemm.paramNames());
        assertEquals(List.of("pure", "nd4j", "nd4j-raw"), gemm.backends());
        List<String> firstParams = gemm.rows().keySet().stream().filter(k -> k.method().equals("square"))
                .map(k -> k.params().get(0)).toList();
        assertEquals(List.of("64", "1024"), firstParams);
    }

    @Test
    void formatsSignificantFigures() {
        assertEquals("107", MarkdownReport.format(107.374, 3));
        assertEquals("12,300", MarkdownReport.format(12345.0, 3));
        assertEquals("0.0512", MarkdownReport.format(0.051234, 3));
        assertEquals("1.1", MarkdownReport.format(1.07374, 2));
        assertEquals("", MarkdownReport.format(Double.NaN, 3));
    }

    @Test
    void writesAPngChartWithBothPanels(@TempDir Path dir) throws Exception {
        Path png = dir.resolve("chart.png");
        assertEquals(2, Charts.write(sample(), png));
        BufferedImage image = ImageIO.read(png.toFile());
        assertEquals(Charts.WIDTH, image.getWidth());
        assertTrue(image.getHeight() > 500, "two panels stacked");
    }

    @Test
    void commandLineWritesMarkdownAndChart(@TempDir Path dir) throws Exception {
        Path json = Path.of(ReportTest.class.getResource("/sample-results.json").toURI());
        Path md = dir.resolve("out.md");
        Path png = dir.resolve("out.png");
        int code = new picocli.CommandLine(new Report()).execute(json.toString(), "-o", md.toString(), "-c",
                png.toString(), "--machine", "m");
        assertEquals(0, code);
        assertTrue(Files.readString(md).contains("GFLOPS"));
        assertTrue(Files.size(png) > 1000);
    }

    @Test
    void notJmhJsonFailsWithAHint(@TempDir Path dir) throws IOException {
        Path bad = Files.writeString(dir.resolve("bad.json"), "{\"benchmark\": 1}");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> JmhJson.read(bad));
        assertTrue(e.getMessage().contains("-rf json"), e.getMessage());
    }
}
