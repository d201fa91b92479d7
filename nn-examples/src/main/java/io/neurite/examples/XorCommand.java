package io.neurite.examples;

import io.neurite.tensor.Backend;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code neurite xor}: runs {@link XorExample}, a 2-8-1 tanh MLP learning XOR. */
@Command(name = "xor", mixinStandardHelpOptions = true,
        description = "Learn XOR with a 2-8-1 tanh MLP (binary cross-entropy, SGD with momentum).")
final class XorCommand implements Callable<Integer> {

    @Option(names = "--epochs", paramLabel = "N", defaultValue = "300", description = "Epochs (default: ${DEFAULT-VALUE}).")
    int epochs;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "1", description = "Seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Mixin
    BackendOption backendOption;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        if (epochs < 1) {
            throw new ParameterException(spec.commandLine(), "--epochs must be at least 1 but was " + epochs);
        }
        PrintWriter out = spec.commandLine().getOut();
        Backend backend = backendOption.resolve(spec.commandLine().getErr());
        XorExample.Result r = XorExample.run(backend, seed, epochs);
        for (int i = 0; i < 4; i++) {
            out.printf(Locale.ROOT, "  %.0f xor %.0f = %.0f   predicted P(1) = %.3f%n", XorExample.INPUTS[2 * i],
                    XorExample.INPUTS[2 * i + 1], XorExample.TARGETS[i], r.probabilities()[i]);
        }
        out.printf(Locale.ROOT, "accuracy: %.2f (loss %.4f after %d epochs)%n", r.accuracy(), r.loss(),
                r.history().epochs().size());
        out.flush();
        return 0;
    }
}
