package io.neurite.bench.report;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Renders {@link ResultTable}s as GitHub markdown: one section per benchmark class, a cell per backend
 * with JMH's error ({@code 85.3 ± 1.2}), the speed ratios of {@link Metric#ratios}, and bytes allocated
 * per operation when the run used {@code -prof gc}.
 */
public final class MarkdownReport {
    private static final Map<String, String> TITLES = Map.of(
            "GemmBenchmark", "sgemm into an existing C",
            "PeakBenchmark", "Peak probe: the pure backend's micro-kernel on L1-resident operands, one core",
            "ElementwiseBenchmark", "Element-wise ops on [128, 256] (per-call overhead)",
            "DenseBenchmark", "Dense 784→256, forward + backward",
            "TrainingStepBenchmark", "Training step: MLP 784-256-128-10, softmax cross-entropy, Adam");
    private static final Map<String, String> METHOD_LABELS = Map.of(
            "square", "square n×n·n×n",
            "denseForwardNN", "Dense fwd X·W (NN) 128×784·784×256",
            "denseBackwardNT", "Dense bwd dY·Wᵀ (NT) 128×256·256×784",
            "denseBackwardTN", "Dense bwd Xᵀ·dY (TN) 784×128·128×256",
            "forwardBackward", "forward + backward",
            "step", "one step",
            "peak", "FMA peak, 1 thread");

    private MarkdownReport() {
    }

    /** The whole report: a header line on where it ran, then one section per table. */
    public static String render(List<JmhResult> results, String machine) {
        return render(results, machine, null);
    }

    /** The same, with PyTorch's figures for the training step when {@code pytorch} is not null. */
    public static String render(List<JmhResult> results, String machine, PyTorchReference pytorch) {
        StringBuilder sb = new StringBuilder();
        sb.append("Machine: ").append(machine).append(". JDK: ").append(jdks(results))
                .append(". Each cell is the median of JMH's measurement iterations with the 99.9% error of their mean (blank: too few iterations to compute one); bytes per step are medians too; ")
                .append("ratios are speed ratios (> 1: the first is faster).\n");
        double peak = peakPerCore(results);
        for (ResultTable t : ResultTable.of(results)) {
            sb.append('\n').append(section(t, peak));
        }
        if (pytorch != null) {
            sb.append('\n').append(pytorch.markdown());
        }
        sb.append('\n').append(SpeedGoals.markdown(SpeedGoals.check(results, peak, pytorch)));
        sb.append('\n').append(Goals.markdown(Goals.check(results)));
        return sb.toString();
    }

    /** One section: a heading and the table. */
    public static String section(ResultTable t) {
        return section(t, Double.NaN);
    }

    /**
     * The one-core peak in GFLOPS from the run's {@code PeakBenchmark} (the last one), or NaN when it has none.
     */
    public static double peakPerCore(List<JmhResult> results) {
        double peak = Double.NaN;
        for (JmhResult r : results) {
            if (r.className().equals("PeakBenchmark")) {
                peak = Metric.GFLOPS.figure(r).value();
            }
        }
        return peak;
    }

    /**
     * One section; gemm tables get a "% of peak" column per backend when {@code peakPerCore} is known: the
     * figure over the peak times the threads used.
     */
    static String section(ResultTable t, double peakPerCore) {
        boolean peakColumns = !Double.isNaN(peakPerCore) && t.className().equals("GemmBenchmark")
                && t.paramNames().contains("threads");
        Metric metric = t.metric();
        List<Metric.Ratio> ratios = applicableRatios(t);
        boolean alloc = t.hasAllocation();
        StringBuilder sb = new StringBuilder();
        sb.append("### ").append(TITLES.getOrDefault(t.className(), t.className())).append(" — ")
                .append(metric.unit()).append(", ").append(metric.direction()).append("\n\n");

        List<String> header = new ArrayList<>();
        header.add("benchmark");
        header.addAll(t.paramNames());
        header.addAll(t.backends());
        for (Metric.Ratio r : ratios) {
            header.add(r.label());
        }
        if (peakColumns) {
            for (String b : t.backends()) {
                header.add(b + " % of peak");
            }
        }
        if (alloc) {
            for (String b : t.backends()) {
                header.add(b + " B/op");
            }
        }
        row(sb, header);
        List<String> rule = new ArrayList<>();
        for (int i = 0; i < header.size(); i++) {
            rule.add(i < 1 + t.paramNames().size() ? "---" : "---:");
        }
        row(sb, rule);

        for (Map.Entry<ResultTable.RowKey, Map<String, JmhResult>> e : t.rows().entrySet()) {
            Map<String, JmhResult> cells = e.getValue();
            List<String> line = new ArrayList<>();
            line.add(METHOD_LABELS.getOrDefault(e.getKey().method(), e.getKey().method()));
            line.addAll(e.getKey().params());
            for (String b : t.backends()) {
                JmhResult r = cells.get(b);
                line.add(r == null ? "" : cell(metric.figure(r)));
            }
            for (Metric.Ratio ratio : ratios) {
                double x = ratio(metric, ratio, cells);
                line.add(formatRatio(x));
            }
            if (peakColumns) {
                int threads = Integer.parseInt(e.getKey().params().get(t.paramNames().indexOf("threads")));
                for (String b : t.backends()) {
                    JmhResult r = cells.get(b);
                    line.add(r == null ? "" : String.format(Locale.ROOT, "%.0f %%",
                            100 * metric.figure(r).value() / (peakPerCore * threads)));
                }
            }
            if (alloc) {
                for (String b : t.backends()) {
                    JmhResult r = cells.get(b);
                    line.add(r == null || Double.isNaN(r.allocBytesPerOp()) ? ""
                            : String.format(Locale.ROOT, "%,.0f", r.allocBytesPerOp()));
                }
            }
            row(sb, line);
        }
        return sb.toString();
    }

    /** The ratio for one row, or NaN when a backend it needs is missing. */
    static double ratio(Metric metric, Metric.Ratio ratio, Map<String, JmhResult> cells) {
        JmhResult den = cells.get(ratio.denominator());
        double best = Double.NaN;
        for (String n : ratio.numerators()) {
            JmhResult num = cells.get(n);
            if (num != null && (Double.isNaN(best) || metric.figure(num).speed() > best)) {
                best = metric.figure(num).speed();
            }
        }
        return den == null ? Double.NaN : best / metric.figure(den).speed();
    }

    private static List<Metric.Ratio> applicableRatios(ResultTable t) {
        List<Metric.Ratio> out = new ArrayList<>();
        for (Metric.Ratio r : Metric.ratios(t.className())) {
            if (t.backends().contains(r.denominator()) && r.numerators().stream().anyMatch(t.backends()::contains)) {
                out.add(r);
            }
        }
        return out;
    }

    /** Two decimals below 10 ({@code 0.83}, {@code 2.50}), three significant figures above ({@code 233}). */
    static String formatRatio(double x) {
        if (Double.isNaN(x)) {
            return "";
        }
        return x < 10 ? String.format(Locale.ROOT, "%.2f", x) : format(x, 3);
    }

    static String cell(Figure f) {
        String v = format(f.value(), 3);
        return Double.isNaN(f.error()) ? v : v + " ± " + format(f.error(), 2);
    }

    /**
     * Rounds to {@code digits} significant figures, without exponent notation and with thousands
     * separators for large values: {@code 85.3}, {@code 12,300}, {@code 0.0512}.
     */
    static String format(double v, int digits) {
        if (Double.isNaN(v)) {
            return "";
        }
        if (v == 0 || Double.isInfinite(v)) {
            return String.format(Locale.ROOT, "%.0f", v);
        }
        int magnitude = (int) Math.floor(Math.log10(Math.abs(v)));
        int decimals = Math.max(0, digits - 1 - magnitude);
        double scale = Math.pow(10, magnitude - digits + 1);
        double rounded = decimals > 0 ? v : Math.round(v / scale) * scale;
        return String.format(Locale.ROOT, "%,." + decimals + "f", rounded);
    }

    private static String jdks(List<JmhResult> results) {
        Set<String> jdks = new LinkedHashSet<>();
        for (JmhResult r : results) {
            jdks.add(r.jdk() + " (" + r.vm() + ")");
        }
        return String.join(", ", jdks);
    }

    private static void row(StringBuilder sb, List<String> cells) {
        sb.append("| ").append(String.join(" | ", cells)).append(" |\n");
    }
}
