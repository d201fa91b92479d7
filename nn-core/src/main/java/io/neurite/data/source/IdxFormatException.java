package io.neurite.data.source;

import java.io.IOException;
import java.nio.file.Path;

/**
 * An IDX file that cannot be used: not an IDX file, an unsupported element type, dimensions that do not
 * fit, a length that disagrees with the header, or labels out of range. The message names the file, what
 * was expected, what was found and how to fix it; {@link #file()} is the offending file.
 */
public class IdxFormatException extends IOException {
    private static final long serialVersionUID = 1L;

    private final transient Path file;

    public IdxFormatException(Path file, String problem) {
        super("IDX file " + file + ": " + problem);
        this.file = file;
    }

    public IdxFormatException(Path file, String problem, Throwable cause) {
        super("IDX file " + file + ": " + problem, cause);
        this.file = file;
    }

    /** The file that is wrong. */
    public Path file() {
        return file;
    }
}
