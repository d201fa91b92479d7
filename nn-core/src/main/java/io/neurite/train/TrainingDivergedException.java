package io.neurite.train;

/**
 * The training loss became NaN or infinite, so every later update would be garbage. The message names the
 * epoch and batch and suggests what to change, usually a lower learning rate.
 */
public class TrainingDivergedException extends ArithmeticException {
    private static final long serialVersionUID = 1L;

    private final int epoch;
    private final int batch;
    private final double loss;

    public TrainingDivergedException(int epoch, int batch, int batches, double loss, double learningRate) {
        super("training diverged: the loss became " + loss + " at epoch " + epoch + ", batch " + batch + " of "
                + batches + " (learning rate " + readable(learningRate) + "); try a lower learning rate (e.g. "
                + readable(learningRate / 10) + "), normalise the inputs, or clip the gradients");
        this.epoch = epoch;
        this.batch = batch;
        this.loss = loss;
    }

    /** Three significant digits without float noise: 0.05, not 0.05000000074505806. */
    private static String readable(double v) {
        if (!Double.isFinite(v) || v == 0) {
            return String.valueOf(v);
        }
        return new java.math.BigDecimal(v).round(new java.math.MathContext(3)).stripTrailingZeros().toPlainString();
    }

    /** 1-based. */
    public int epoch() {
        return epoch;
    }

    /** 1-based within the epoch. */
    public int batch() {
        return batch;
    }

    public double loss() {
        return loss;
    }
}
