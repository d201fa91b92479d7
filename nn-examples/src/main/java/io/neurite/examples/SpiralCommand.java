package io.neurite.examples;

import io.neurite.tensor.Backend;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code neurite spiral}: runs {@link SpiralExample}, a 2-64-64-3 ReLU MLP separating three spirals. */
@Command(name = "spiral", mixinStandardHelpOptions = true,
        description = "Separate three interleaved spirals (300 points) with a 2-64-64-3 ReLU MLP and SGD with momentum;"
                + " report the accuracy on 300 fresh points.")
final class SpiralCommand implements Callable<Integer> {
    private static final SpiralExample.Settings DEFAULT = SpiralExample.Settings.DEFAULT;

    @Option(names = "--epochs", paramLabel = "N", description = "Epochs (default: 200).")
    Integer epochs;

    @Option(names = "--batch-size", paramLabel = "N", description = "Batch size (default: 32).")
    Integer batchSize;

    @Option(names = "--lr", paramLabel = "RATE", description = "Learning rate (default: 0.1).")
    Double learningRate;

    @Option(names = "--momentum", paramLabel = "M", description = "Momentum (default: 0.9).")
    Double momentum;

    @Option(names = "--seed", paramLabel = "N", description = "Seed of the data and the weights (default: 42).")
    Long seed;

    @Mixin
    BackendOption backendOption;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        SpiralExample.Settings s = new SpiralExample.Settings(seed != null ? seed : DEFAULT.seed(),
                epochs != null ? epochs : DEFAULT.epochs(), batchSize != null ? batchSize : DEFAULT.batchSize(),
                learningRate != null ? learningRate : DEFAULT.learningRate(),
                momentum != null ? momentum : DEFAULT.momentum());
        if (s.epochs() < 1 || s.batchSize() < 1 || !(s.learningRate() > 0) || !(s.momentum() >= 0 && s.momentum() < 1)) {
            throw new ParameterException(spec.commandLine(), "need --epochs >= 1, --batch-size >= 1, --lr > 0 and"
                    + " --momentum in [0, 1), but got " + s);
        }
        PrintWriter out = spec.commandLine().getOut();
        Backend backend = backendOption.resolve(spec.commandLine().getErr());
        SpiralExample.Result r = SpiralExample.run(backend, s, printStream(out));
        out.printf(Locale.ROOT, "training accuracy: %.4f (loss %.4f)%n", r.trainAccuracy(), r.trainLoss());
        out.printf(Locale.ROOT, "held-out accuracy: %.4f (300 fresh points)%n", r.heldOutAccuracy());
        out.printf(Locale.ROOT, "time: %.2f s%n", r.seconds());
        out.flush();
        return 0;
    }

    /** The example prints to a PrintStream; this one forwards to the command's writer. */
    private static PrintStream printStream(PrintWriter out) {
        return new PrintStream(new OutputStream() {
            @Override
            public void write(int b) {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) {
                out.write(new String(b, off, len, StandardCharsets.UTF_8));
                out.flush();
            }
        }, true, StandardCharsets.UTF_8);
    }
}
