package io.neurite.data.source;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;

/**
 * A {@link Downloader} on {@link HttpClient}: follows redirects (except from HTTPS to HTTP), gives up on a
 * connection after {@code connectTimeout} and on a response whose headers have not arrived after
 * {@code responseTimeout}, and treats any status but 200 as a failure.
 *
 * <p>Known limit: {@link HttpClient}'s timeouts cover the connection and the response headers, not the
 * body, so a server that stalls in the middle of a body is waited for.
 *
 * <p>Thread-safe.
 */
public final class HttpDownloader implements Downloader {
    /** Default time to establish a connection. */
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(20);
    /** Default time from sending the request to receiving the response headers. */
    public static final Duration DEFAULT_RESPONSE_TIMEOUT = Duration.ofSeconds(60);

    private final Duration connectTimeout;
    private final Duration responseTimeout;
    private volatile HttpClient client;

    public HttpDownloader() {
        this(DEFAULT_CONNECT_TIMEOUT, DEFAULT_RESPONSE_TIMEOUT);
    }

    public HttpDownloader(Duration connectTimeout, Duration responseTimeout) {
        if (connectTimeout == null || connectTimeout.isNegative() || connectTimeout.isZero()
                || responseTimeout == null || responseTimeout.isNegative() || responseTimeout.isZero()) {
            throw new IllegalArgumentException("HttpDownloader: timeouts must be positive but were " + connectTimeout
                    + " and " + responseTimeout);
        }
        this.connectTimeout = connectTimeout;
        this.responseTimeout = responseTimeout;
    }

    @Override
    public InputStream open(URI url) throws IOException {
        HttpRequest request = HttpRequest.newBuilder(url).timeout(responseTimeout).GET().build();
        HttpResponse<InputStream> response;
        try {
            response = client().send(request, HttpResponse.BodyHandlers.ofInputStream());
        } catch (HttpConnectTimeoutException e) {
            throw new IOException("GET " + url + ": no connection within " + connectTimeout.toSeconds()
                    + " s (offline, or a firewall?)", e);
        } catch (HttpTimeoutException e) {
            throw new IOException("GET " + url + ": no response within " + responseTimeout.toSeconds() + " s", e);
        } catch (ConnectException e) {
            throw new IOException("GET " + url + ": cannot connect to " + url.getHost() + " (offline, or the name"
                    + " does not resolve?)" + (e.getMessage() != null ? ": " + e.getMessage() : ""), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            InterruptedIOException interrupted = new InterruptedIOException("GET " + url + ": interrupted");
            interrupted.initCause(e);
            throw interrupted;
        }
        if (response.statusCode() != 200) {
            response.body().close();
            throw new IOException("GET " + url + ": the server answered HTTP " + response.statusCode()
                    + " instead of 200; the file may have moved");
        }
        return response.body();
    }

    private HttpClient client() {
        HttpClient c = client;
        if (c == null) {
            synchronized (this) {
                c = client;
                if (c == null) {
                    c = HttpClient.newBuilder()
                            .connectTimeout(connectTimeout)
                            .followRedirects(HttpClient.Redirect.NORMAL)
                            .build();
                    client = c;
                }
            }
        }
        return c;
    }

    @Override
    public String toString() {
        return "HttpDownloader[connect " + connectTimeout + ", response " + responseTimeout + "]";
    }
}
