package io.neurite.examples;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

/**
 * Turns every error into one message on stderr and an exit status, instead of a stack trace:
 * <ul>
 *   <li>a command line that does not parse (unknown option, bad value): the problem, suggestions for a
 *       mistyped option, and where to find help; exit status 2;</li>
 *   <li>a failure while running (a missing or damaged file, an unknown backend, training that diverged):
 *       {@code neurite COMMAND: error: MESSAGE}; exit status 1. Neurite's exceptions already say what is wrong
 *       and what to do, so the message is theirs; an unexpected exception (a bug) is named with its type.</li>
 * </ul>
 * {@code --verbose} adds the stack trace.
 */
final class CliErrorHandler implements IExecutionExceptionHandler, IParameterExceptionHandler {
    static final int RUN_FAILED = 1;
    static final int USAGE = 2;

    @Override
    public int handleParseException(ParameterException ex, String[] args) {
        CommandLine cmd = ex.getCommandLine();
        PrintWriter err = cmd.getErr();
        String message = ex.getMessage() == null ? ex.toString() : ex.getMessage();
        // picocli words a few messages "Error: ..."; we already say "error:".
        err.println(prefix(cmd) + "error: " + (message.startsWith("Error: ") ? message.substring(7) : message));
        CommandLine.UnmatchedArgumentException.printSuggestions(ex, err);
        err.println("Run '" + cmd.getCommandSpec().qualifiedName() + " --help' for the options.");
        if (verbose(cmd.getParseResult())) {
            ex.printStackTrace(err);
        }
        err.flush();
        return USAGE;
    }

    @Override
    public int handleExecutionException(Exception ex, CommandLine cmd, ParseResult parseResult) {
        PrintWriter err = cmd.getErr();
        err.println(prefix(cmd) + "error: " + message(ex));
        boolean verbose = verbose(parseResult);
        if (verbose) {
            ex.printStackTrace(err);
        } else if (!expected(ex)) {
            err.println("(this looks like a bug in neurite; run again with --verbose for the stack trace)");
        }
        err.flush();
        return RUN_FAILED;
    }

    private static String prefix(CommandLine cmd) {
        return cmd.getCommandSpec().qualifiedName() + ": ";
    }

    /** Exceptions whose message is written for the user: I/O and file problems, bad arguments and states. */
    private static boolean expected(Throwable ex) {
        return ex instanceof IOException || ex instanceof UncheckedIOException || ex instanceof IllegalArgumentException
                || ex instanceof IllegalStateException || ex instanceof ArithmeticException;
    }

    static String message(Throwable ex) {
        Throwable t = ex instanceof UncheckedIOException && ex.getCause() != null ? ex.getCause() : ex;
        String m = t.getMessage();
        if (m == null || m.isBlank()) {
            return t.getClass().getName();
        }
        return expected(t) ? m.strip() : t.getClass().getSimpleName() + ": " + m.strip();
    }

    /** Whether --verbose was given to the command or any of its parents. */
    private static boolean verbose(ParseResult result) {
        for (ParseResult r = result; r != null; r = r.subcommand()) {
            if (r.hasMatchedOption("--verbose")) {
                return true;
            }
        }
        return false;
    }
}
