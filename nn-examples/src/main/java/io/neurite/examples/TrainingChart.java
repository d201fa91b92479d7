package io.neurite.examples;

import io.neurite.train.History;
import java.awt.Color;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * A PNG of a training run (XChart): the loss per epoch on the left and the accuracy on the right, each for
 * the training data (as it was seen during the epoch) and the validation data (after the epoch), with the
 * final test accuracy in the title when known.
 */
final class TrainingChart {
    private static final Color TRAIN = new Color(0x1f77b4);
    private static final Color VALIDATION = new Color(0xff7f0e);

    private TrainingChart() {
    }

    static void write(History history, String title, Path file) throws IOException {
        if (history.epochs().isEmpty()) {
            throw new IllegalStateException("no epoch finished, so there is nothing to plot");
        }
        double[] epochs = history.epochs().stream().mapToDouble(e -> e.epoch()).toArray();
        // Losses fall and accuracies rise: each legend goes where its curves are not.
        XYChart loss = chart(title.isEmpty() ? "loss" : "loss — " + title, "loss", Styler.LegendPosition.InsideNE);
        XYChart accuracy = chart("accuracy", "accuracy", Styler.LegendPosition.InsideSE);
        add(loss, "training", epochs, history, "loss", TRAIN);
        add(loss, "validation", epochs, history, "val_loss", VALIDATION);
        add(accuracy, "training", epochs, history, "accuracy", TRAIN);
        add(accuracy, "validation", epochs, history, "val_accuracy", VALIDATION);
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        try (OutputStream out = Files.newOutputStream(file)) {
            BitmapEncoder.saveBitmap(List.of(loss, accuracy), 1, 2, out, BitmapEncoder.BitmapFormat.PNG);
        }
    }

    private static XYChart chart(String title, String yTitle, Styler.LegendPosition legend) {
        XYChart c = new XYChartBuilder().width(640).height(420).title(title).xAxisTitle("epoch").yAxisTitle(yTitle)
                .build();
        c.getStyler().setChartBackgroundColor(Color.WHITE);
        c.getStyler().setPlotGridLinesColor(new Color(0xdddddd));
        c.getStyler().setLegendPosition(legend);
        c.getStyler().setDecimalPattern("#0.000");
        c.getStyler().setXAxisDecimalPattern("#0");
        return c;
    }

    private static void add(XYChart chart, String name, double[] x, History history, String metric, Color color) {
        if (!history.metricNames().contains(metric)) {
            return;
        }
        XYSeries s = chart.addSeries(name, x, history.metric(metric));
        s.setMarker(SeriesMarkers.CIRCLE);
        s.setLineColor(color);
        s.setMarkerColor(color);
    }
}
