package io.neurite.bench;

import io.neurite.backend.pure.PeakProbe;
import io.neurite.backend.pure.PureBackend;
import io.neurite.bench.report.Machine;
import io.neurite.tensor.Backend;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.IntStream;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Issue 11's speed ratios measured side by side in one JVM: each comparison's two operations are timed in turns,
 * a slice of each per round, and the report gives the median of the per-round ratios with their range
 * ({@link PairedRounds} says why JMH's separate forks cannot give this on a drifting host).
 *
 * <pre>
 * java --add-modules jdk.incubator.vector -Xms2g -Xmx2g --enable-native-access=ALL-UNNAMED \
 *      -cp nn-bench/target/benchmarks.jar io.neurite.bench.Interleaved --rounds 15 -o interleaved.md
 * </pre>
 *
 * {@code bench.sh interleaved} runs it at AVX2 width and at the native width. The JMH benchmarks stay the
 * reference for absolute figures and allocation; this tool is for the ratios the goals name.
 */
@Command(name = "interleaved", mixinStandardHelpOptions = true,
        description = "Times pure against nd4j (and pure on two threads against one) in turns in one JVM; prints "
                + "the median per-round ratios as a markdown table.")
public final class Interleaved implements Callable<Integer> {
    /** The training step's batch, and the threads of every two-thread comparison. */
    static final int BATCH = 128;
    static final int THREADS = 2;

    @Option(names = "--rounds", defaultValue = "15", description = "Rounds per comparison (default: ${DEFAULT-VALUE}).")
    int rounds;

    @Option(names = "--slice-ms", defaultValue = "150",
            description = "Milliseconds of calls per operation per round; at least one call (default: ${DEFAULT-VALUE}).")
    int sliceMillis;

    @Option(names = "--warmup-s", defaultValue = "3",
            description = "Seconds of calls per operation before its first round; the training step gets 8 more, "
                    + "since C2 takes about that long to settle it (default: ${DEFAULT-VALUE}).")
    int warmUpSeconds;

    @Option(names = "--only", paramLabel = "TEXT",
            description = "Run only the comparisons whose goal contains this text (e.g. 'n=64').")
    String only;

    @Option(names = {"-o", "--markdown"}, paramLabel = "FILE", description = "Write the markdown here (default: stdout).")
    Path markdown;

    @Option(names = "--note", paramLabel = "TEXT", description = "A line to add under the header (width, load, ...).")
    String note;

    public static void main(String[] args) {
        int code = new CommandLine(new Interleaved()).execute(args);
        System.exit(code); // the backends' pools are daemon threads, ND4J's natives may not be
    }

    /** One operation: a name, the floating-point operations of one call (0 where a rate is not flops), the call. */
    record Op(String name, double flopsPerCall, Runnable call) {
    }

    /** How a comparison's figure comes from one round's two times per call. */
    enum Figure {
        /** The second's time over the first's: how many times faster the first is. */
        SPEED_RATIO,
        /** The first's GFLOPS as a percentage of twice the second's (the one-core peak probe). */
        PERCENT_OF_TWO_CORE_PEAK,
        /** The first's GFLOPS over the second's. */
        THROUGHPUT_RATIO
    }

    /**
     * One goal's two operations. A {@code control} is timed in the same rounds, just before them, so that each round
     * of the goal can be read beside what the host gave in that round.
     */
    record Comparison(String goal, Op first, Op second, Figure figure, double target, Comparison control) {
        Comparison(String goal, Op first, Op second, Figure figure, double target) {
            this(goal, first, second, figure, target, null);
        }
    }

    /**
     * A round counts as one with two whole cores when the host check (the peak probe on two threads over one) reaches
     * this: a little under 2, which two separate cores give within the noise (1.85-2.0 on the Zen 4 of 2026-12-04).
     */
    static final double TWO_CORES = 1.8;

    @Override
    public Integer call() throws IOException {
        if (rounds < 1 || sliceMillis < 1 || warmUpSeconds < 0) {
            throw new CommandLine.ParameterException(new CommandLine(this),
                    "--rounds and --slice-ms must be at least 1 and --warmup-s at least 0, not " + rounds + ", "
                            + sliceMillis + " and " + warmUpSeconds);
        }
        Backend pure = BenchSetup.neurite("pure", THREADS);
        Backend nd4j = BenchSetup.neurite("nd4j", THREADS);
        Backend pureOneThread = new PureBackend(1);
        List<Comparison> comparisons;
        try {
            comparisons = selected(comparisons(pure, pureOneThread, nd4j), only);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(new CommandLine(this), e.getMessage());
        }
        StringBuilder md = new StringBuilder();
        md.append("Machine: ").append(Machine.describe()).append(". JDK: ").append(System.getProperty("java.version"))
                .append(". ").append(rounds).append(" rounds per comparison, ").append(sliceMillis)
                .append(" ms of calls per operation per round, the two in alternating order; each cell is the median "
                        + "over the rounds, the ratio's range in brackets.\n\n");
        if (note != null) {
            md.append(note).append("\n\n");
        }
        md.append("Backends: ").append(pure.describe()).append("; ").append(nd4j.describe()).append("\n\n");
        long[] cpuBefore = HostSteal.read();
        StringBuilder rows = new StringBuilder();
        md.append("| goal (issue 11) | first, median | second, median | figure: median (lowest–highest round) | target | met |\n");
        md.append("| --- | ---: | ---: | ---: | ---: | --- |\n");
        StringBuilder notes = new StringBuilder();
        for (Comparison c : comparisons) {
            System.err.println("interleaved: " + c.goal());
            PairedRounds control = c.control() == null ? null
                    : new PairedRounds(c.control().first().name(), c.control().second().name(), rounds);
            PairedRounds r = measure(c, control);
            if (control != null) {
                rows.append(row(c.control(), control)).append('\n');
                notes.append(inRoundsWithTwoCores(c, r, control)).append("\n\n");
            }
            rows.append(row(c, r)).append('\n');
        }
        md.append(rows).append('\n').append(notes).append(HostSteal.describe(cpuBefore, HostSteal.read()))
                .append('\n');
        if (markdown == null) {
            System.out.print(md);
        } else {
            Files.writeString(markdown, md);
            System.err.println("interleaved: wrote " + markdown);
        }
        return 0;
    }

    /** The comparisons whose goal contains {@code only} (all when it is null); none is an error that lists them. */
    static List<Comparison> selected(List<Comparison> all, String only) {
        if (only == null) {
            return all;
        }
        List<Comparison> chosen = all.stream().filter(c -> c.goal().contains(only)).toList();
        if (chosen.isEmpty()) {
            StringBuilder goals = new StringBuilder();
            all.forEach(c -> goals.append("\n  ").append(c.goal()));
            throw new IllegalArgumentException("--only '" + only + "' matches no goal; use a part of one of these:"
                    + goals);
        }
        return chosen;
    }

    private static List<Comparison> comparisons(Backend pure, Backend pureOneThread, Backend nd4j) {
        List<Comparison> list = new ArrayList<>();
        Op pure1024 = gemm("pure 2T", pure, 1024, 1024, 1024, false, false);
        list.add(new Comparison("sgemm n=1024, 2 threads: pure / nd4j GFLOPS", pure1024,
                gemm("nd4j 2T", nd4j, 1024, 1024, 1024, false, false), Figure.SPEED_RATIO, 1.0));
        PeakProbe probe = new PeakProbe();
        list.add(new Comparison("sgemm n=1024, 2 threads: pure, % of 2 × the one-core peak", pure1024,
                new Op("peak probe 1T", 2.0 * PeakProbe.FMAS_PER_RUN, probe::run), Figure.PERCENT_OF_TWO_CORE_PEAK,
                80));
        int batch = GemmBenchmark.BATCH;
        int in = GemmBenchmark.IN;
        int out = GemmBenchmark.OUT;
        list.add(new Comparison("Dense fwd X·W 128×784·784×256, 2 threads: pure / nd4j",
                gemm("pure 2T", pure, batch, out, in, false, false), gemm("nd4j 2T", nd4j, batch, out, in, false, false),
                Figure.SPEED_RATIO, 1.0));
        list.add(new Comparison("Dense bwd dY·Wᵀ, 2 threads: pure / nd4j",
                gemm("pure 2T", pure, batch, in, out, false, true), gemm("nd4j 2T", nd4j, batch, in, out, false, true),
                Figure.SPEED_RATIO, 1.0));
        list.add(new Comparison("Dense bwd Xᵀ·dY, 2 threads: pure / nd4j",
                gemm("pure 2T", pure, in, out, batch, true, false), gemm("nd4j 2T", nd4j, in, out, batch, true, false),
                Figure.SPEED_RATIO, 1.0));
        list.add(new Comparison("sgemm n=64, 2 threads: nd4j time / pure time",
                gemm("pure 2T", pure, 64, 64, 64, false, false), gemm("nd4j 2T", nd4j, 64, 64, 64, false, false),
                Figure.SPEED_RATIO, 2.0));
        // The control for the step's 2T / 1T, in the same rounds: the same L1-resident kernel on both cores at once,
        // through the pool the step splits its work over, against one core. No code of ours can scale better than
        // the host lets this pure FMA work scale; a figure well below 2 says the second vCPU was slow or shared.
        PeakProbe second = new PeakProbe();
        Op probeOnBoth = new Op("peak probe 2T", 4.0 * PeakProbe.FMAS_PER_RUN,
                () -> pure.concurrently(PeakProbe.FMAS_PER_RUN, probe::run, second::run));
        Comparison hostCheck = new Comparison("host check for the training step's 2T / 1T, in its rounds: the peak "
                + "probe on 2 threads at once / 1 thread GFLOPS", probeOnBoth,
                new Op("peak probe 1T", 2.0 * PeakProbe.FMAS_PER_RUN, probe::run), Figure.THROUGHPUT_RATIO, TWO_CORES);
        Op step2 = step("pure 2T", pure);
        list.add(new Comparison("training step batch 128, pure: 2 threads / 1 thread samples/s", step2,
                step("pure 1T", pureOneThread), Figure.SPEED_RATIO, 1.7, hostCheck));
        list.add(new Comparison("training step batch 128, 2 threads: pure / nd4j samples/s (issue 6)", step2,
                step("nd4j 2T", nd4j), Figure.SPEED_RATIO, 1.2));
        return list;
    }

    private static Op gemm(String name, Backend backend, int m, int n, int k, boolean transA, boolean transB) {
        NeuriteGemm g = new NeuriteGemm(backend, m, n, k, transA, transB);
        return new Op(name, 2.0 * m * n * k, g::multiply);
    }

    private static Op step(String name, Backend backend) {
        NeuriteTrainingStep s = new NeuriteTrainingStep(backend, BATCH);
        return new Op(name, 0, s::step);
    }

    /** Times {@code c} (and its control, into {@code control}, just before it in every round). */
    private PairedRounds measure(Comparison c, PairedRounds control) {
        boolean training = c.first().flopsPerCall() == 0;
        long warmUp = (warmUpSeconds + (training ? 8L : 0L)) * 1_000_000_000L;
        slice(c.first(), warmUp);
        slice(c.second(), warmUp);
        if (control != null) {
            slice(c.control().first(), warmUp);
            slice(c.control().second(), warmUp);
        }
        PairedRounds r = new PairedRounds(c.first().name(), c.second().name(), rounds);
        long sliceNanos = sliceMillis * 1_000_000L;
        for (int i = 0; i < rounds; i++) {
            if (control != null) {
                round(c.control(), control, i, sliceNanos);
            }
            round(c, r, i, sliceNanos);
        }
        return r;
    }

    /** One round of {@code c} into {@code r}: a slice of each operation, in alternating order between rounds. */
    private static void round(Comparison c, PairedRounds r, int i, long sliceNanos) {
        // alternating order, so that a drift within a round favours neither
        if (i % 2 == 0) {
            double a = slice(c.first(), sliceNanos);
            r.add(a, slice(c.second(), sliceNanos));
        } else {
            double b = slice(c.second(), sliceNanos);
            r.add(slice(c.first(), sliceNanos), b);
        }
    }

    /**
     * The goal's figure over the rounds whose control reached {@link #TWO_CORES} and over the others: on a VM whose
     * two vCPUs the host sometimes runs on one physical core, this separates what the code does with two cores from
     * what the host gave.
     */
    static String inRoundsWithTwoCores(Comparison c, PairedRounds r, PairedRounds control) {
        double[] figures = figures(c, r);
        double[] host = figures(c.control(), control);
        double[] good = IntStream.range(0, figures.length).filter(i -> host[i] >= TWO_CORES)
                .mapToDouble(i -> figures[i]).toArray();
        double[] rest = IntStream.range(0, figures.length).filter(i -> host[i] < TWO_CORES)
                .mapToDouble(i -> figures[i]).toArray();
        String name = c.goal().replaceFirst(" samples/s$", "");
        if (good.length == 0) {
            return String.format(Locale.ROOT, "%s: in no round did the host check reach %.1f (the host gave no two "
                    + "whole cores while it ran), so this run says nothing of the code's two-thread scaling.", name,
                    TWO_CORES);
        }
        String s = String.format(Locale.ROOT, "%s, in the %d of %d rounds whose host check reached %.1f: %s", name,
                good.length, figures.length, TWO_CORES, summary(good));
        return rest.length == 0 ? s + "." : s + String.format(Locale.ROOT, "; in the other %d: %s.", rest.length,
                summary(rest));
    }

    private static String summary(double[] values) {
        return String.format(Locale.ROOT, "%.2f (%.2f–%.2f)", PairedRounds.median(values),
                Arrays.stream(values).min().orElseThrow(), Arrays.stream(values).max().orElseThrow());
    }

    /** Calls {@code op} for about {@code nanos} (at least once); returns nanoseconds per call. */
    static double slice(Op op, long nanos) {
        long start = System.nanoTime();
        long calls = 0;
        long now;
        do {
            op.call().run();
            calls++;
            now = System.nanoTime();
        } while (now - start < nanos);
        return (double) (now - start) / calls;
    }

    static String row(Comparison c, PairedRounds r) {
        double[] perRound = figures(c, r);
        double median = PairedRounds.median(perRound);
        double lo = Arrays.stream(perRound).min().orElseThrow();
        double hi = Arrays.stream(perRound).max().orElseThrow();
        boolean percent = c.figure() == Figure.PERCENT_OF_TWO_CORE_PEAK;
        String fmt = percent ? "%.0f %% (%.0f–%.0f)" : "%.2f (%.2f–%.2f)";
        return String.format(Locale.ROOT, "| %s | %s | %s | %s | ≥ %s | %s |", c.goal(),
                cell(c.first(), r.firstMedianNanos()), cell(c.second(), r.secondMedianNanos()),
                String.format(Locale.ROOT, fmt, median, lo, hi),
                percent ? String.format(Locale.ROOT, "%.0f %%", c.target())
                        : String.format(Locale.ROOT, "%.1f", c.target()),
                median >= c.target() ? "yes" : "**no**");
    }

    /**
     * Each round's figure: a speed ratio, the first's GFLOPS over the second's, or the first's GFLOPS as a
     * percentage of twice the second's.
     */
    static double[] figures(Comparison c, PairedRounds r) {
        double[] ratios = r.speedRatios();
        // GFLOPS_first / GFLOPS_second = (F1 / t1) / (F2 / t2) = (t2 / t1) * F1 / F2; the percentage halves it
        double scale = switch (c.figure()) {
            case SPEED_RATIO -> 1;
            case THROUGHPUT_RATIO -> c.first().flopsPerCall() / c.second().flopsPerCall();
            case PERCENT_OF_TWO_CORE_PEAK -> c.first().flopsPerCall() / (2 * c.second().flopsPerCall()) * 100;
        };
        double[] scaled = new double[ratios.length];
        for (int i = 0; i < ratios.length; i++) {
            scaled[i] = ratios[i] * scale;
        }
        return scaled;
    }

    private static String cell(Op op, double nanos) {
        String time = nanos >= 1e6 ? String.format(Locale.ROOT, "%.2f ms", nanos / 1e6)
                : String.format(Locale.ROOT, "%.1f µs", nanos / 1e3);
        if (op.flopsPerCall() > 0) {
            return String.format(Locale.ROOT, "%s: %s, %.1f GFLOPS", op.name(), time, op.flopsPerCall() / nanos);
        }
        return String.format(Locale.ROOT, "%s: %s, %,.0f samples/s", op.name(), time, BATCH * 1e9 / nanos);
    }
}
