package io.neurite.data.source;

import java.io.IOException;

/**
 * A data set that is neither on disk where it was looked for nor downloadable. The message lists every place
 * searched, what was wrong with each, and exactly how to get the data.
 */
public class DataNotFoundException extends IOException {
    private static final long serialVersionUID = 1L;

    public DataNotFoundException(String message) {
        super(message);
    }

    public DataNotFoundException(String message, Throwable cause) {
        super(message, cause);
    }
}
