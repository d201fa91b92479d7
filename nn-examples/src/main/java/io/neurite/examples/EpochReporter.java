package io.neurite.examples;

import io.neurite.train.EpochRecord;
import io.neurite.train.TrainingContext;
import io.neurite.train.TrainingListener;
import java.io.PrintWriter;
import java.util.Locale;

/**
 * One line per finished epoch with the training and validation figures, the learning rate reached, the
 * time taken and the speed:
 * <pre>
 * epoch  3/15  loss 0.3012  acc 0.8901  val_loss 0.3210  val_acc 0.8843  lr 9.05e-04  6.2 s  8710 samples/s
 * </pre>
 */
final class EpochReporter implements TrainingListener {
    private final PrintWriter out;

    EpochReporter(PrintWriter out) {
        this.out = out;
    }

    @Override
    public void onEpochEnd(TrainingContext context, EpochRecord record) {
        int width = Integer.toString(context.epochs()).length();
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "epoch %" + width + "d/%d", record.epoch(),
                context.epochs()));
        append(sb, record, "loss", "loss");
        append(sb, record, "accuracy", "acc");
        append(sb, record, "val_loss", "val_loss");
        append(sb, record, "val_accuracy", "val_acc");
        sb.append(String.format(Locale.ROOT, "  lr %.2e  %.1f s  %.0f samples/s",
                context.optimizer().currentLearningRate(), record.seconds(),
                context.trainingSamples() / Math.max(record.seconds(), 1e-9)));
        out.println(sb);
        out.flush();
    }

    private static void append(StringBuilder sb, EpochRecord record, String metric, String label) {
        if (record.has(metric)) {
            sb.append(String.format(Locale.ROOT, "  %s %.4f", label, record.metric(metric)));
        }
    }
}
