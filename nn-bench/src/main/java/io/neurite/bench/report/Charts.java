package io.neurite.bench.report;

import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.style.Styler;

/**
 * The report's PNG: bar charts (XChart) of square sgemm GFLOPS by size and of training-step samples per
 * second by batch, one bar per backend and thread count, with JMH's error as error bars. Panels whose
 * benchmark is absent from the results are left out.
 */
public final class Charts {
    static final int WIDTH = 900;
    static final int HEIGHT = 520;

    private Charts() {
    }

    /**
     * Writes the chart to {@code png}. Returns the number of panels drawn (0 when none of the charted
     * benchmarks is in {@code results}, in which case nothing is written).
     */
    public static int write(List<JmhResult> results, Path png) throws IOException {
        // Charts render with AWT; a server or CI has no display.
        System.setProperty("java.awt.headless", "true");
        List<CategoryChart> charts = new ArrayList<>();
        for (ResultTable t : ResultTable.of(results)) {
            if (t.className().equals("GemmBenchmark")) {
                addIfAny(charts, chart(t, "square", "n", "sgemm n×n·n×n (higher is better)", "GFLOPS"));
            } else if (t.className().equals("TrainingStepBenchmark")) {
                addIfAny(charts, chart(t, "step", "batch", "Training step, MLP 784-256-128-10, Adam (higher is better)",
                        "samples/s"));
            }
        }
        if (charts.isEmpty()) {
            return 0;
        }
        BitmapEncoder.saveBitmap(charts, charts.size(), 1, png.toString(), BitmapEncoder.BitmapFormat.PNG);
        return charts.size();
    }

    private static void addIfAny(List<CategoryChart> charts, CategoryChart chart) {
        if (!chart.getSeriesMap().isEmpty()) {
            charts.add(chart);
        }
    }

    /** One panel: x = values of {@code xParam}, a bar series per backend and thread count. */
    static CategoryChart chart(ResultTable t, String method, String xParam, String title, String yTitle) {
        CategoryChart chart = new CategoryChartBuilder().width(WIDTH).height(HEIGHT).title(title)
                .xAxisTitle(xParam).yAxisTitle(yTitle).build();
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNW);
        chart.getStyler().setYAxisDecimalPattern("#,###");

        int xIndex = t.paramNames().indexOf(xParam);
        int threadsIndex = t.paramNames().indexOf("threads");
        if (xIndex < 0) {
            return chart;
        }
        List<String> xs = new ArrayList<>();
        // series name -> x -> figure
        Map<String, Map<String, Figure>> series = new LinkedHashMap<>();
        for (Map.Entry<ResultTable.RowKey, Map<String, JmhResult>> e : t.rows().entrySet()) {
            if (!e.getKey().method().equals(method)) {
                continue;
            }
            String x = e.getKey().params().get(xIndex);
            if (!xs.contains(x)) {
                xs.add(x);
            }
            String threads = threadsIndex < 0 ? "" : ", " + e.getKey().params().get(threadsIndex) + "T";
            for (String b : t.backends()) {
                JmhResult r = e.getValue().get(b);
                if (r != null) {
                    series.computeIfAbsent(b + threads, k -> new LinkedHashMap<>()).put(x, t.metric().figure(r));
                }
            }
        }
        for (Map.Entry<String, Map<String, Figure>> s : series.entrySet()) {
            List<Double> ys = new ArrayList<>();
            List<Double> errs = new ArrayList<>();
            for (String x : xs) {
                Figure f = s.getValue().get(x);
                ys.add(f == null ? 0.0 : f.value());
                // JMH's error is on time; carried over to a rate to first order it can exceed the rate itself
                // when a run was noisy. A rate is never negative, so the bar stops at zero.
                errs.add(f == null || Double.isNaN(f.error()) ? 0.0 : Math.min(f.error(), f.value()));
            }
            chart.addSeries(s.getKey(), xs, ys, errs).setFillColor(color(s.getKey()));
        }
        return chart;
    }

    /** One hue per backend, darker for more threads, so "pure, 1T" and "pure, 2T" read as one family. */
    static Color color(String series) {
        String backend = series.contains(",") ? series.substring(0, series.indexOf(',')) : series;
        boolean moreThreads = series.endsWith(", 2T") || series.matches(".*, ([3-9]|\\d{2,})T");
        Color base = switch (backend) {
            case "pure" -> new Color(0x2F6FDF);
            case "nd4j" -> new Color(0xF08A24);
            case "nd4j-raw" -> new Color(0x8C8C8C);
            case "dl4j" -> new Color(0xB03A8C);
            default -> new Color(0x3C9A5F);
        };
        return moreThreads ? base.darker() : base;
    }
}
