package io.neurite.data.source;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real HTTP client against a server on the loopback interface: no traffic leaves the machine. */
class HttpDownloaderTest {
    @TempDir
    Path tmp;

    private static final byte[] BODY = IdxTestFiles.gzip(IdxTestFiles.labels(1000, 10));
    private HttpServer server;
    private String base;
    private final HttpDownloader downloader = new HttpDownloader(Duration.ofSeconds(5), Duration.ofSeconds(10));

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/data/labels.gz", exchange -> {
            exchange.sendResponseHeaders(200, BODY.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(BODY);
            }
        });
        server.createContext("/moved", exchange -> {
            exchange.getResponseHeaders().add("Location", base + "/data/labels.gz");
            exchange.sendResponseHeaders(302, -1);
            exchange.close();
        });
        server.createContext("/", exchange -> {
            exchange.sendResponseHeaders(404, -1);
            exchange.close();
        });
        server.start();
        base = "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Test
    void downloadsFollowingRedirects() throws IOException {
        try (InputStream in = downloader.open(URI.create(base + "/data/labels.gz"))) {
            assertArrayEquals(BODY, in.readAllBytes());
        }
        try (InputStream in = downloader.open(URI.create(base + "/moved"))) {
            assertArrayEquals(BODY, in.readAllBytes());
        }
    }

    @Test
    void anHttpErrorNamesTheStatusAndTheUrl() {
        IOException e = assertThrows(IOException.class, () -> downloader.open(URI.create(base + "/gone.gz")));
        assertTrue(e.getMessage().contains("HTTP 404") && e.getMessage().contains(base + "/gone.gz"), e.getMessage());
    }

    @Test
    void aClosedPortSaysItCannotConnect() throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        URI url = URI.create("http://127.0.0.1:" + port + "/x.gz");
        IOException e = assertThrows(IOException.class, () -> downloader.open(url));
        assertTrue(e.getMessage().contains("GET " + url) && e.getMessage().contains("cannot connect"), e.getMessage());
    }

    @Test
    void endToEndVerifiedDownloadIntoTheCache() throws IOException {
        RemoteFile f = new RemoteFile("labels.gz", URI.create(base + "/data/labels.gz"),
                DatasetLocatorTest.sha(BODY), null);
        Path target = VerifiedDownload.fetch(downloader, f, tmp);
        assertArrayEquals(BODY, Files.readAllBytes(target));
        assertArrayEquals(IdxReader.readLabels(target, 10), IdxReader.readLabels(target));
    }
}
