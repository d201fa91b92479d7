package io.neurite.bench;

import io.neurite.bench.report.Charts;
import io.neurite.bench.report.JmhJson;
import io.neurite.bench.report.JmhResult;
import io.neurite.bench.report.Machine;
import io.neurite.bench.report.MarkdownReport;
import io.neurite.bench.report.PyTorchReference;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * Turns JMH's JSON into a markdown table and a PNG chart:
 *
 * <pre>
 * java -cp nn-bench/target/benchmarks.jar io.neurite.bench.Report results.json \
 *      --markdown results.md --chart results.png
 * </pre>
 *
 * GFLOPS for gemm (2·m·n·k / time), samples per second for the Dense and training-step benchmarks,
 * microseconds for element-wise ops, each with JMH's error; speed ratios pure/nd4j, Neurite-nd4j/raw-ND4J
 * and best Neurite/DL4J; bytes per operation when the run used {@code -prof gc}. Several JSON files are
 * combined (a later file's result replaces an earlier one's for the same benchmark and parameters).
 */
@Command(name = "report", mixinStandardHelpOptions = true,
        description = "Turns JMH JSON results (-rf json) into a markdown table and a PNG chart.")
public final class Report implements Callable<Integer> {

    @Parameters(arity = "1..*", paramLabel = "RESULTS.json", description = "JMH JSON result files.")
    List<Path> inputs;

    @Option(names = {"-o", "--markdown"}, paramLabel = "FILE", description = "Write the markdown here (default: stdout).")
    Path markdown;

    @Option(names = {"-c", "--chart"}, paramLabel = "FILE.png", description = "Write a PNG chart here.")
    Path chart;

    @Option(names = "--machine", paramLabel = "TEXT",
            description = "Machine description for the header (default: CPU model from /proc/cpuinfo and core count).")
    String machine;

    @Option(names = "--pytorch", paramLabel = "FILE.json",
            description = "PyTorch's training-step figures from nn-bench/pytorch/mlp_step.py --json (shown beside Neurite's).")
    Path pytorch;

    @Option(names = "--note", paramLabel = "TEXT", description = "A line to add under the header (e.g. the load average).")
    String note;

    public static void main(String[] args) {
        System.exit(new CommandLine(new Report()).execute(args));
    }

    @Override
    public Integer call() throws IOException {
        List<JmhResult> results = JmhJson.readAll(inputs);
        if (results.isEmpty()) {
            System.err.println("report: no results in " + inputs + "; did every benchmark fail? (see the JMH log)");
            return 1;
        }
        PyTorchReference torch = pytorch == null ? null : PyTorchReference.read(pytorch);
        String md = MarkdownReport.render(results, machine != null ? machine : Machine.describe(), torch);
        if (note != null && !note.isBlank()) {
            int endOfHeader = md.indexOf('\n') + 1;
            md = md.substring(0, endOfHeader) + "\n" + note.trim() + "\n" + md.substring(endOfHeader);
        }
        if (markdown == null) {
            System.out.print(md);
        } else {
            Files.writeString(markdown, md, StandardCharsets.UTF_8);
            System.err.println("report: wrote " + markdown + " (" + results.size() + " results)");
        }
        if (chart != null) {
            int panels = Charts.write(results, chart);
            System.err.println(panels == 0 ? "report: no GemmBenchmark.square or TrainingStepBenchmark results to chart"
                    : "report: wrote " + chart + " (" + panels + " panel(s))");
        }
        return 0;
    }
}
