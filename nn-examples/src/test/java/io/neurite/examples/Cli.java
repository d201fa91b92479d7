package io.neurite.examples;

import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;

/** Runs the program in-process, as {@code main} would, capturing stdout, stderr and the exit status. */
final class Cli {
    final CommandLine commandLine = NeuriteCli.commandLine();
    final int exitCode;
    final String out;
    final String err;

    private Cli(String... args) {
        StringWriter o = new StringWriter();
        StringWriter e = new StringWriter();
        commandLine.setOut(new PrintWriter(o, true));
        commandLine.setErr(new PrintWriter(e, true));
        exitCode = commandLine.execute(args);
        out = o.toString();
        err = e.toString();
    }

    static Cli run(String... args) {
        return new Cli(args);
    }

    /** The user object of the subcommand that ran, e.g. the {@link FashionMnistCommand}. */
    @SuppressWarnings("unchecked")
    <T> T command(String name) {
        return (T) commandLine.getSubcommands().get(name).getCommand();
    }

    /** The accuracy on the {@code test accuracy:} line of stdout. */
    double testAccuracy() {
        for (String line : out.split("\n")) {
            if (line.startsWith("test accuracy: ")) {
                return Double.parseDouble(line.substring("test accuracy: ".length()).split(" ")[0]);
            }
        }
        throw new AssertionError("no 'test accuracy:' line in:\n" + out + "\nstderr:\n" + err);
    }

    @Override
    public String toString() {
        return "exit " + exitCode + "\n--- stdout\n" + out + "--- stderr\n" + err;
    }
}
