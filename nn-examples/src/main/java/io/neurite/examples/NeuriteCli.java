package io.neurite.examples;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * The {@code neurite} program: train and use classifiers from the command line.
 *
 * <pre>
 *   neurite fashion-mnist [--epochs 15 --save mlp.zip --plot mlp.png ...]
 *   neurite idx --train-images F --train-labels F --test-images F --test-labels F
 *   neurite evaluate --model mlp.zip
 *   neurite predict --model mlp.zip --images t10k-images-idx3-ubyte.gz
 *   neurite export --model mlp.zip --onnx mlp.onnx
 *   neurite import --onnx mlp.onnx --model mlp.zip
 *   neurite backends
 *   neurite xor | spiral
 * </pre>
 *
 * Every error ends with one message on stderr and a non-zero exit status (1 for a failure while running, 2 for
 * a command line that does not parse); {@code --verbose} adds the stack trace.
 */
@Command(name = "neurite", mixinStandardHelpOptions = true, versionProvider = NeuriteCli.Version.class,
        description = "Train and use neural-network classifiers with Neurite.",
        subcommands = {FashionMnistCommand.class, IdxCommand.class, EvaluateCommand.class, PredictCommand.class,
                ExportCommand.class, ImportCommand.class,
                BackendsCommand.class, XorCommand.class, SpiralCommand.class, CommandLine.HelpCommand.class},
        footer = {"", "Run 'neurite COMMAND --help' for a command's options.",
                "Started without --add-modules jdk.incubator.vector (plain java -jar), the program runs itself again with"
                        + " it, for the pure backend's SIMD path; -Dneurite.relaunch=false keeps the scalar path."})
public final class NeuriteCli implements Runnable {

    @Option(names = "--verbose", scope = ScopeType.INHERIT,
            description = "Show stack traces of errors and more detail.")
    boolean verbose;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        // Plain `java -jar neurite.jar` lacks the Vector API module; run again with it (see the class).
        var relaunched = VectorModuleRelaunch.ifNeeded(NeuriteCli.class, args);
        if (relaunched.isPresent()) {
            System.exit(relaunched.get());
        }
        if (System.getProperty("java.awt.headless") == null) {
            // Charts are drawn off-screen; never open a window or need a display.
            System.setProperty("java.awt.headless", "true");
        }
        if (java.util.Arrays.asList(args).contains("--verbose")
                && System.getProperty("org.slf4j.simpleLogger.defaultLogLevel") == null) {
            // Before any logger exists: the libraries' info messages too (simplelogger.properties says warn).
            System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "info");
        }
        System.exit(commandLine().execute(args));
    }

    /** The configured command line (also what the tests run). */
    public static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new NeuriteCli());
        // As in most Unix tools, an option given twice takes its last value.
        cli.setOverwrittenOptionsAllowed(true);
        CliErrorHandler handler = new CliErrorHandler();
        cli.setExecutionExceptionHandler(handler);
        cli.setParameterExceptionHandler(handler);
        return cli;
    }

    @Override
    public void run() {
        // No subcommand: say what there is, as an error (exit 2), since nothing was done.
        throw new CommandLine.ParameterException(spec.commandLine(), "no command given; choose one of "
                + spec.subcommands().keySet());
    }

    /** The version from the jar's manifest (absent when run from classes). */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = NeuriteCli.class.getPackage().getImplementationVersion();
            return new String[] {"neurite " + (v == null ? "(development build)" : v),
                    "Java " + Runtime.version() + " (" + System.getProperty("java.vm.name") + ")"};
        }
    }
}
