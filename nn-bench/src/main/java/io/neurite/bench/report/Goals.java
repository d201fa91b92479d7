package io.neurite.bench.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * The performance goals of issue 6 (a fast pure-Java backend), checked against one run's results: each
 * goal's measured ratio or figure, its target, and whether it is met. A goal whose results are missing
 * from the run is listed as not measured rather than left out, so a partial run cannot look complete.
 */
public final class Goals {

    /** One checked goal; {@code measured} is NaN when the run lacks the results it needs. */
    public record Goal(String description, double measured, String target, boolean met, String detail) {
    }

    private Goals() {
    }

    /** Every goal, in the order issue 6 lists them. */
    public static List<Goal> check(List<JmhResult> results) {
        List<Goal> goals = new ArrayList<>();
        goals.add(speedRatio(results, "sgemm n=1024, 2 threads: pure GFLOPS / nd4j GFLOPS",
                square(1024, 2), "pure", "nd4j", 1.0));
        // "pure time <= 0.4 x ND4J time" is a speed ratio of at least 1 / 0.4 = 2.5.
        goals.add(speedRatio(results, "sgemm n=64, 2 threads: nd4j time / pure time", square(64, 2), "pure", "nd4j", 2.5));
        goals.add(speedRatio(results, "training step batch 128, 2 threads: pure / nd4j samples/s",
                step(128, 2), "pure", "nd4j", 1.2));
        goals.add(speedRatio(results, "training step batch 32, 2 threads: pure / nd4j samples/s",
                step(32, 2), "pure", "nd4j", 2.0));
        goals.add(bestVersusDl4j(results));
        goals.add(allocation(results));
        return goals;
    }

    /** The goals as a markdown table. */
    public static String markdown(List<Goal> goals) {
        StringBuilder sb = new StringBuilder("### Goals (issue 6)\n\n| goal | measured | target | met |\n| --- | ---: | ---: | --- |\n");
        for (Goal g : goals) {
            String measured = Double.isNaN(g.measured()) ? "not measured"
                    : String.format(Locale.ROOT, g.measured() >= 100 ? "%,.0f" : "%.2f", g.measured());
            sb.append("| ").append(g.description()).append(" | ").append(measured)
                    .append(g.detail().isEmpty() ? "" : " (" + g.detail() + ")").append(" | ").append(g.target())
                    .append(" | ").append(Double.isNaN(g.measured()) ? "?" : g.met() ? "yes" : "**no**").append(" |\n");
        }
        return sb.toString();
    }

    private static Predicate<JmhResult> square(int n, int threads) {
        return r -> r.simpleName().equals("GemmBenchmark.square") && Objects.equals(r.param("n"), Integer.toString(n))
                && Objects.equals(r.param("threads"), Integer.toString(threads));
    }

    private static Predicate<JmhResult> step(int batch, int threads) {
        return r -> r.simpleName().equals("TrainingStepBenchmark.step")
                && Objects.equals(r.param("batch"), Integer.toString(batch))
                && (threads < 0 || Objects.equals(r.param("threads"), Integer.toString(threads)));
    }

    private static Goal speedRatio(List<JmhResult> results, String description, Predicate<JmhResult> which,
            String numerator, String denominator, double target) {
        JmhResult num = last(results, which.and(r -> numerator.equals(r.param("backend"))));
        JmhResult den = last(results, which.and(r -> denominator.equals(r.param("backend"))));
        String t = String.format(Locale.ROOT, "≥ %.1f", target);
        if (num == null || den == null) {
            return new Goal(description, Double.NaN, t, false, "");
        }
        double ratio = den.secondsPerOp() / num.secondsPerOp();
        return new Goal(description, ratio, t, ratio >= target, "");
    }

    /** Best Neurite (any backend, any threads) over DL4J at its best thread count, batch 128. */
    private static Goal bestVersusDl4j(List<JmhResult> results) {
        String description = "training step batch 128: best Neurite / best DL4J samples/s";
        JmhResult neurite = fastest(results, step(128, -1).and(r -> !"dl4j".equals(r.param("backend"))));
        JmhResult dl4j = fastest(results, step(128, -1).and(r -> "dl4j".equals(r.param("backend"))));
        if (neurite == null || dl4j == null) {
            return new Goal(description, Double.NaN, "≥ 2.5", false, "");
        }
        double ratio = dl4j.secondsPerOp() / neurite.secondsPerOp();
        String detail = neurite.param("backend") + " " + neurite.param("threads") + "T vs dl4j " + dl4j.param("threads") + "T";
        return new Goal(description, ratio, "≥ 2.5", ratio >= 2.5, detail);
    }

    /** Bytes per step of the faster Neurite backend at batch 128, 2 threads ({@code -prof gc}). */
    private static Goal allocation(List<JmhResult> results) {
        String description = "training step allocation, batch 128, 2 threads (B/step, -prof gc)";
        JmhResult fastest = fastest(results, step(128, 2).and(r -> !"dl4j".equals(r.param("backend")))
                .and(r -> !Double.isNaN(r.allocBytesPerOp())));
        if (fastest == null) {
            return new Goal(description, Double.NaN, "≤ 1,024", false, "");
        }
        double bytes = fastest.allocBytesPerOp();
        return new Goal(description, bytes, "≤ 1,024", bytes <= 1024, fastest.param("backend"));
    }

    private static JmhResult last(List<JmhResult> results, Predicate<JmhResult> which) {
        JmhResult found = null;
        for (JmhResult r : results) {
            if (which.test(r)) {
                found = r;
            }
        }
        return found;
    }

    private static JmhResult fastest(List<JmhResult> results, Predicate<JmhResult> which) {
        JmhResult best = null;
        for (JmhResult r : results) {
            if (which.test(r) && (best == null || r.secondsPerOp() < best.secondsPerOp())) {
                best = r;
            }
        }
        return best;
    }
}
