package io.neurite.bench.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * The goals of issue 11 (pure-Java speed at every vector width), checked against one run, i.e. one width
 * on one JDK: the run's own peak probe and, when given, PyTorch's figures from the same machine. As in
 * {@link Goals}, a goal whose results are missing is listed as not measured.
 */
public final class SpeedGoals {
    private SpeedGoals() {
    }

    public static List<Goals.Goal> check(List<JmhResult> results, double peakPerCore, PyTorchReference pytorch) {
        List<Goals.Goal> goals = new ArrayList<>();
        goals.add(ratio(results, "sgemm n=1024, 2 threads: pure / nd4j GFLOPS", square(1024, 2), 1.0));
        goals.add(ofPeak(results, peakPerCore));
        goals.add(ratio(results, "Dense fwd X·W, 2 threads: pure / nd4j", method("denseForwardNN", 2), 1.0));
        goals.add(ratio(results, "Dense bwd dY·Wᵀ, 2 threads: pure / nd4j", method("denseBackwardNT", 2), 1.0));
        goals.add(ratio(results, "Dense bwd Xᵀ·dY, 2 threads: pure / nd4j", method("denseBackwardTN", 2), 1.0));
        // "pure time <= 0.5 x nd4j time" is a speed ratio of at least 2
        goals.add(ratio(results, "sgemm n=64, 2 threads: nd4j time / pure time", square(64, 2), 2.0));
        goals.add(twoThreads(results));
        goals.add(versusPyTorch(results, pytorch));
        goals.add(allocation(results));
        return goals;
    }

    public static String markdown(List<Goals.Goal> goals) {
        return Goals.markdown(goals).replace("### Goals (issue 6)", "### Goals (issue 11, this width and JDK)");
    }

    private static Predicate<JmhResult> square(int n, int threads) {
        return r -> r.simpleName().equals("GemmBenchmark.square") && Objects.equals(r.param("n"), Integer.toString(n))
                && Objects.equals(r.param("threads"), Integer.toString(threads));
    }

    private static Predicate<JmhResult> method(String name, int threads) {
        return r -> r.simpleName().equals("GemmBenchmark." + name)
                && Objects.equals(r.param("threads"), Integer.toString(threads));
    }

    private static Predicate<JmhResult> step(int threads) {
        return r -> r.simpleName().equals("TrainingStepBenchmark.step") && Objects.equals(r.param("batch"), "128")
                && (threads < 0 || Objects.equals(r.param("threads"), Integer.toString(threads)));
    }

    private static Predicate<JmhResult> backend(String name) {
        return r -> name.equals(r.param("backend"));
    }

    private static Goals.Goal ratio(List<JmhResult> results, String description, Predicate<JmhResult> which,
            double target) {
        JmhResult pure = last(results, which.and(backend("pure")));
        JmhResult nd4j = last(results, which.and(backend("nd4j")));
        String t = String.format(Locale.ROOT, "≥ %.1f", target);
        if (pure == null || nd4j == null) {
            return new Goals.Goal(description, Double.NaN, t, false, "");
        }
        double x = nd4j.secondsPerOp() / pure.secondsPerOp();
        return new Goals.Goal(description, x, t, x >= target, "");
    }

    private static Goals.Goal ofPeak(List<JmhResult> results, double peakPerCore) {
        String description = "sgemm n=1024, 2 threads: pure, % of 2 × the one-core peak";
        JmhResult pure = last(results, square(1024, 2).and(backend("pure")));
        if (pure == null || Double.isNaN(peakPerCore)) {
            return new Goals.Goal(description, Double.NaN, "≥ 80", false, "");
        }
        double percent = 100 * Metric.GFLOPS.figure(pure).value() / (2 * peakPerCore);
        return new Goals.Goal(description, percent, "≥ 80", percent >= 80,
                String.format(Locale.ROOT, "peak %.0f GFLOPS per core", peakPerCore));
    }

    private static Goals.Goal twoThreads(List<JmhResult> results) {
        String description = "training step batch 128, pure: 2 threads / 1 thread samples/s";
        JmhResult one = last(results, step(1).and(backend("pure")));
        JmhResult two = last(results, step(2).and(backend("pure")));
        if (one == null || two == null) {
            return new Goals.Goal(description, Double.NaN, "≥ 1.7", false, "");
        }
        double x = one.secondsPerOp() / two.secondsPerOp();
        return new Goals.Goal(description, x, "≥ 1.7", x >= 1.7, "");
    }

    private static Goals.Goal versusPyTorch(List<JmhResult> results, PyTorchReference pytorch) {
        String description = "training step batch 128: best Neurite / best PyTorch samples/s";
        JmhResult best = null;
        for (JmhResult r : results) {
            if (step(-1).test(r) && !"dl4j".equals(r.param("backend"))
                    && (best == null || r.secondsPerOp() < best.secondsPerOp())) {
                best = r;
            }
        }
        double torch = pytorch == null ? Double.NaN : pytorch.best(128);
        if (best == null || Double.isNaN(torch)) {
            return new Goals.Goal(description, Double.NaN, "≥ 2.0", false, pytorch == null ? "no PyTorch figures" : "");
        }
        double x = Metric.SAMPLES_PER_SECOND.figure(best).value() / torch;
        return new Goals.Goal(description, x, "≥ 2.0", x >= 2.0,
                best.param("backend") + " " + best.param("threads") + "T");
    }

    /** The most any pure training step of the run allocated ({@code -prof gc}). */
    private static Goals.Goal allocation(List<JmhResult> results) {
        String description = "allocation per training step, pure, every batch and thread count (B/step)";
        double worst = Double.NaN;
        for (JmhResult r : results) {
            if (r.simpleName().equals("TrainingStepBenchmark.step") && "pure".equals(r.param("backend"))
                    && !Double.isNaN(r.allocBytesPerOp())) {
                worst = Double.isNaN(worst) ? r.allocBytesPerOp() : Math.max(worst, r.allocBytesPerOp());
            }
        }
        return new Goals.Goal(description, worst, "≤ 1,024", !Double.isNaN(worst) && worst <= 1024, "");
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
}
