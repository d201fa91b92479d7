package io.neurite.discovery;

import io.neurite.tensor.Backend;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.neurite.spi.BackendProvider;
import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BackendRegistryTest {

    /** A provider whose backend is never used for arithmetic; only its identity matters here. */
    static class FakeProvider implements BackendProvider {
        final String name;
        final int priority;
        final String unavailable;

        FakeProvider(String name, int priority, String unavailable) {
            this.name = name;
            this.priority = priority;
            this.unavailable = unavailable;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public int priority() {
            return priority;
        }

        @Override
        public boolean isAvailable() {
            return unavailable == null;
        }

        @Override
        public String unavailableReason() {
            return unavailable == null ? "" : unavailable;
        }

        @Override
        public Backend create() {
            return FakeBackend.named(name);
        }
    }

    /** Registered through a services file by {@link #brokenEntriesDoNotStopDiscovery}. */
    public static class WorkingProvider extends FakeProvider {
        public WorkingProvider() {
            super("working", 10, null);
        }
    }

    /** Registered through a services file: its constructor fails like a provider with a broken dependency. */
    public static class ThrowingConstructorProvider extends FakeProvider {
        public ThrowingConstructorProvider() {
            super("throwing", 50, null);
            throw new IllegalStateException("constructor exploded");
        }
    }

    static class ThrowingAvailabilityProvider extends FakeProvider {
        ThrowingAvailabilityProvider() {
            super("native", 300, null);
        }

        @Override
        public boolean isAvailable() {
            throw new UnsatisfiedLinkError("no jnind4jcpu in java.library.path");
        }
    }

    @Test
    void picksTheHighestPriorityAvailableProvider() {
        BackendRegistry r = BackendRegistry.of(List.of(
                new FakeProvider("low", 1, null),
                new FakeProvider("high", 200, null),
                new FakeProvider("best-but-missing", 900, "libfoo.so not found")));
        assertEquals("high", r.select(null, "default").name());
    }

    @Test
    void tiesAreBrokenByName() {
        BackendRegistry r = BackendRegistry.of(List.of(new FakeProvider("zeta", 5, null), new FakeProvider("alpha", 5, null)));
        assertEquals("alpha", r.select(null, "default").name());
    }

    @Test
    void anExplicitNameWinsOverPriority() {
        BackendRegistry r = BackendRegistry.of(List.of(new FakeProvider("low", 1, null), new FakeProvider("high", 200, null)));
        assertEquals("low", r.select("LOW", "-Dneurite.backend").name());
    }

    @Test
    void aBackendIsCreatedOncePerRegistry() {
        BackendRegistry r = BackendRegistry.of(List.of(new FakeProvider("one", 1, null)));
        assertSame(r.select(null, "default"), r.select("one", "test"));
    }

    @Test
    void anUnknownNameListsEveryProviderWithItsPriorityAndReason() {
        BackendRegistry r = BackendRegistry.of(List.of(
                new FakeProvider("pure", 100, null),
                new FakeProvider("nd4j", 200, "UnsatisfiedLinkError: no jnind4jcpu")));
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> r.select("nosuch", "-Dneurite.backend"));
        String m = e.getMessage();
        assertTrue(m.contains("No Neurite backend named 'nosuch' (requested by -Dneurite.backend)"), m);
        assertTrue(m.contains("pure") && m.contains("priority 100") && m.contains("available"), m);
        assertTrue(m.contains("nd4j") && m.contains("priority 200") && m.contains("no jnind4jcpu"), m);
    }

    @Test
    void anUnavailableNameSaysWhy() {
        BackendRegistry r = BackendRegistry.of(List.of(new FakeProvider("nd4j", 200, "UnsatisfiedLinkError: no jnind4jcpu")));
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> r.select("nd4j", "NEURITE_BACKEND"));
        assertTrue(e.getMessage().contains("'nd4j' (requested by NEURITE_BACKEND) is not available: UnsatisfiedLinkError"),
                e.getMessage());
    }

    /** A backend whose class initializer throws (a malformed -D option read into a static final) names the cause. */
    @Test
    void aBackendThatFailsInItsClassInitializerSaysWhy() {
        FakeProvider failing = new FakeProvider("pure", 300, null) {
            @Override
            public Backend create() {
                throw new ExceptionInInitializerError(new IllegalArgumentException(
                        "-Dneurite.pool.spinMicros=25O is not a positive integer"));
            }
        };
        BackendRegistry r = BackendRegistry.of(List.of(failing));
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> r.select(null, "default"));
        assertTrue(e.getMessage().contains("failed to start: java.lang.IllegalArgumentException: "
                + "-Dneurite.pool.spinMicros=25O is not a positive integer"), e.getMessage());
    }

    @Test
    void noAvailableBackendSaysHowToAddOne() {
        BackendRegistry r = BackendRegistry.of(List.of(new FakeProvider("nd4j", 200, "broken")));
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> r.select(null, "default"));
        assertTrue(e.getMessage().contains("No Neurite backend is available"), e.getMessage());
        assertTrue(e.getMessage().contains("nn-backend-pure"), e.getMessage());
    }

    @Test
    void aProviderThatThrowsWhileCheckingAvailabilityIsReportedAndSkipped() {
        BackendRegistry r = BackendRegistry.of(List.of(new ThrowingAvailabilityProvider(), new FakeProvider("pure", 100, null)));
        assertEquals("pure", r.select(null, "default").name());
        BackendRegistry.Entry nativeEntry = r.entries().stream().filter(e -> e.name().equals("native")).findFirst().orElseThrow();
        assertFalse(nativeEntry.available());
        assertTrue(nativeEntry.reason().contains("no jnind4jcpu"), nativeEntry.reason());
        assertTrue(r.describeProviders().contains("no jnind4jcpu"));
    }

    @Test
    void brokenEntriesDoNotStopDiscovery(@TempDir Path dir) throws IOException {
        Path services = dir.resolve("META-INF/services/io.neurite.spi.BackendProvider");
        Files.createDirectories(services.getParent());
        Files.writeString(services, String.join("\n",
                "io.neurite.tensor.NoSuchProviderClass",
                ThrowingConstructorProvider.class.getName(),
                WorkingProvider.class.getName()) + "\n");
        try (URLClassLoader loader = new URLClassLoader(new URL[] {dir.toUri().toURL()}, getClass().getClassLoader())) {
            BackendRegistry r = BackendRegistry.load(loader);
            assertEquals("working", r.select(null, "default").name());
            String described = r.describeProviders();
            assertTrue(described.contains("NoSuchProviderClass"), described);
            assertTrue(described.contains("constructor exploded") || described.contains("ThrowingConstructorProvider"), described);
            assertEquals(3, r.entries().size(), described);
        }
    }

    /** Counts availability checks: nd4j's check loads its native libraries, so an unneeded one costs memory. */
    static final class CountingProvider extends FakeProvider {
        int checks;

        CountingProvider(String name, int priority, String unavailable) {
            super(name, priority, unavailable);
        }

        @Override
        public boolean isAvailable() {
            checks++;
            return super.isAvailable();
        }
    }

    @Test
    void onlyTheProvidersThatSelectionNeedsAreAskedWhetherTheyAreAvailable() {
        CountingProvider best = new CountingProvider("best", 300, null);
        CountingProvider heavy = new CountingProvider("heavy", 200, null);
        BackendRegistry r = BackendRegistry.of(List.of(heavy, best));
        assertEquals("best", r.select(null, "test").name());
        assertEquals(1, best.checks);
        assertEquals(0, heavy.checks, "a lower-priority provider must not be checked when a better one is available");

        CountingProvider broken = new CountingProvider("broken", 300, "no native library");
        CountingProvider next = new CountingProvider("next", 200, null);
        CountingProvider last = new CountingProvider("last", 100, null);
        r = BackendRegistry.of(List.of(broken, next, last));
        assertEquals("next", r.select(null, "test").name());
        assertEquals(0, last.checks);
        assertEquals("last", r.select("last", "test").name());
        assertEquals(1, last.checks);
        // describing them asks the rest, once each
        assertTrue(r.describeProviders().contains("unavailable: no native library"), r.describeProviders());
        r.describeProviders();
        assertEquals(1, broken.checks);
        assertEquals(1, next.checks);
    }
}
