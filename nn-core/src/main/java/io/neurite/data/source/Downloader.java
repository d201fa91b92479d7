package io.neurite.data.source;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;

/**
 * Opens a remote file for reading. The production implementation is {@link HttpDownloader}; tests pass their
 * own so that nothing touches the network. Verification and atomic writing are not its job (see
 * {@link VerifiedDownload}).
 */
@FunctionalInterface
public interface Downloader {

    /**
     * Opens {@code url}; the caller closes the stream. Fails with an {@link IOException} whose message names the
     * URL and the reason (unreachable host, timeout, HTTP status).
     */
    InputStream open(URI url) throws IOException;
}
