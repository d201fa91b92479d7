package io.neurite.data.source;

import java.io.IOException;

/**
 * A downloaded file whose SHA-256 is not the published one. The file was not kept: nothing is written to the
 * cache unless it verifies.
 */
public class ChecksumMismatchException extends IOException {
    private static final long serialVersionUID = 1L;

    public ChecksumMismatchException(String message) {
        super(message);
    }
}
