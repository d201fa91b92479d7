package io.neurite.io;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Objects;

/**
 * A model file could not be saved or loaded. The message names the file, says what is wrong and what to do,
 * e.g. {@code model file 'mlp.zip': entry 'parameters/0.weight.npy' fails its SHA-256 check (the file is
 * corrupted); save the model again or restore the file from a backup}.
 *
 * <p>When loading fails nothing was built: no half-loaded model ever escapes. When saving fails the previous
 * file at that path, if any, is unchanged.
 */
public class ModelFileException extends IOException {
    private static final long serialVersionUID = 1L;
    /** What loading says after describing damage it found. */
    static final String DAMAGED = "the file is damaged or incomplete; save the model again, or copy the complete"
            + " file again";

    private final transient Path file;
    private final String problem;

    /**
     * @param file    the file being read or written
     * @param problem what is wrong and, after a semicolon, what to do
     */
    public ModelFileException(Path file, String problem) {
        this(file, problem, null);
    }

    public ModelFileException(Path file, String problem, Throwable cause) {
        super("model file '" + file + "': " + problem, cause);
        this.file = Objects.requireNonNull(file, "file");
        this.problem = Objects.requireNonNull(problem, "problem");
    }

    /** The file that could not be read or written. */
    public Path file() {
        return file;
    }

    /** The message without the file name. */
    public String problem() {
        return problem;
    }
}
