package io.neurite.examples;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Checks on the files named on the command line, so that a typo gets a message naming the option. */
final class InputFiles {
    private InputFiles() {
    }

    /** Fails with a clear message when the file given for {@code option} is not there or is a directory. */
    static void require(Path file, String option) throws IOException {
        if (!Files.exists(file)) {
            throw new FileNotFoundException(option + " " + file + ": no such file (the working directory is "
                    + Path.of("").toAbsolutePath() + ")");
        }
        if (Files.isDirectory(file)) {
            throw new IOException(option + " " + file + " is a directory; give the file itself");
        }
    }
}
