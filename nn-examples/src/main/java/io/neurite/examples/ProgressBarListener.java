package io.neurite.examples;

import io.neurite.train.BatchEnd;
import io.neurite.train.EpochRecord;
import io.neurite.train.History;
import io.neurite.train.TrainingContext;
import io.neurite.train.TrainingListener;
import java.io.PrintStream;
import java.text.DecimalFormat;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * A progress bar per epoch (me.tongfei:progressbar) counting training samples, with the running loss and
 * accuracy, samples per second and the time left in the epoch:
 * <pre>
 * epoch 3/15  41% │████▌      │ 22144/54000 (0:00:02 / 0:00:03) 8812/s loss 0.3012 acc 0.8901
 * </pre> The bar is cleared when its epoch ends, so
 * that the epoch's summary line takes its place.
 */
final class ProgressBarListener implements TrainingListener {
    private final PrintStream out;
    private ProgressBar bar;

    ProgressBarListener(PrintStream out) {
        this.out = out;
    }

    @Override
    public void onEpochBegin(TrainingContext context, int epoch) {
        bar = new ProgressBarBuilder()
                .setTaskName(String.format(Locale.ROOT, "epoch %d/%d", epoch, context.epochs()))
                .setInitialMax(context.trainingSamples())
                .showSpeed(new DecimalFormat("#"))
                .setSpeedUnit(ChronoUnit.SECONDS)
                .setStyle(ProgressBarStyle.COLORFUL_UNICODE_BLOCK)
                .setUpdateIntervalMillis(250)
                .setConsumer(new ConsoleProgressBarConsumer(out))
                .clearDisplayOnFinish()
                .build();
    }

    @Override
    public void onBatchEnd(TrainingContext context, BatchEnd batch) {
        bar.stepTo(batch.samplesSeen());
        bar.setExtraMessage(Double.isNaN(batch.epochAccuracy())
                ? String.format(Locale.ROOT, " loss %.4f", batch.epochLoss())
                : String.format(Locale.ROOT, " loss %.4f acc %.4f", batch.epochLoss(), batch.epochAccuracy()));
    }

    @Override
    public void onEpochEnd(TrainingContext context, EpochRecord record) {
        close();
    }

    @Override
    public void onTrainEnd(TrainingContext context, History history) {
        close();
    }

    private void close() {
        if (bar != null) {
            bar.close();
            bar = null;
        }
    }
}
