package io.neurite.onnx;

import java.io.IOException;
import java.nio.file.Path;

/**
 * An ONNX file that Neurite cannot read or write: not ONNX at all, damaged, or a graph outside what
 * {@link OnnxImport} supports. The message names the file, what was wrong and what to do; the CLI prints it
 * as its one line of error.
 */
public class OnnxFormatException extends IOException {
    private static final long serialVersionUID = 1L;

    private final transient Path file;

    public OnnxFormatException(Path file, String message) {
        super(file + ": " + message);
        this.file = file;
    }

    public OnnxFormatException(Path file, String message, Throwable cause) {
        super(file + ": " + message, cause);
        this.file = file;
    }

    /** The file concerned. */
    public Path file() {
        return file;
    }
}
