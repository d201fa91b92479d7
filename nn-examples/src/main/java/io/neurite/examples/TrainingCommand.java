package io.neurite.examples;

import io.neurite.tensor.Backend;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** The part {@code fashion-mnist} and {@code idx} share: options, backend, and running {@link MlpTraining}. */
abstract class TrainingCommand implements Callable<Integer> {

    @Mixin
    BackendOption backendOption;

    @Mixin
    TrainingOptions training;

    @Spec
    CommandSpec spec;

    /** The last run's result (for tests). */
    MlpTraining.Result result;

    /** The data to train and test on. */
    abstract MlpTraining.Data data() throws IOException;

    @Override
    public Integer call() throws IOException {
        training.validate();
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Backend backend = backendOption.resolve(err);
        MlpTraining.Data data = data();
        boolean bar = !training.noProgress && System.console() != null;
        result = new MlpTraining(training, out, bar).run(backend, data, commandLine());
        return 0;
    }

    private String commandLine() {
        return "neurite " + String.join(" ", spec.commandLine().getParseResult().originalArgs());
    }
}
