package io.neurite.backend.nd4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.neurite.backend.pure.PureBackendProvider;
import io.neurite.spi.BackendProvider;
import io.neurite.discovery.BackendRegistry;
import io.neurite.discovery.Backends;
import java.io.IOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Discovery: nd4j ranks below the faster pure backend, and a native library that fails to load is reported, not fatal. */
class Nd4jBackendProviderTest {

    @Test
    void ranksBelowTheFasterPureBackendAndIsChosenByName() {
        Nd4jBackendProvider nd4j = new Nd4jBackendProvider();
        assertTrue(nd4j.priority() < new PureBackendProvider().priority());
        assertTrue(nd4j.isAvailable(), nd4j.unavailableReason());
        assertEquals("", nd4j.unavailableReason());
        BackendRegistry registry = BackendRegistry.of(List.of(new PureBackendProvider(), nd4j));
        assertEquals("pure", registry.select(null, "test").name());
        assertEquals("nd4j", registry.select("nd4j", "test").name());
    }

    @Test
    void theDefaultRegistryOnThisClassPathPicksPure() {
        assertEquals("pure", Backends.registry().choose(null, "test").name());
        String described = Backends.describe();
        assertTrue(described.contains("nd4j     priority 200    available"), described);
        assertTrue(described.contains("pure     priority 300    available"), described);
    }

    @Test
    void aNativeLibraryThatFailsToLoadIsReportedWithTheLoadersError() {
        BogusNativeProvider broken = new BogusNativeProvider();
        assertFalse(broken.isAvailable());
        String reason = broken.unavailableReason();
        assertTrue(reason.startsWith("ND4J native library failed to load: java.lang.UnsatisfiedLinkError: no "
                + BogusNativeProvider.LIBRARY + " in java.library.path"), reason);

        BackendRegistry registry = BackendRegistry.of(List.of(broken, new PureBackendProvider()));
        assertEquals("pure", registry.select(null, "test").name(), "discovery must go on past the broken provider");
        assertTrue(registry.describeProviders().contains("nd4j     priority 200    unavailable: " + reason),
                registry.describeProviders());
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> registry.select("nd4j", "test"));
        assertTrue(e.getMessage().contains(reason), e.getMessage());
        IllegalStateException created = assertThrows(IllegalStateException.class, broken::create);
        assertEquals("The nd4j backend is not available: " + reason, created.getMessage());
    }

    @Test
    void errorsThatAreNotExceptionsAreCaughtToo() {
        for (Throwable t : List.of(new ExceptionInInitializerError(new UnsatisfiedLinkError("libnd4jcpu.so: bad ELF")),
                new NoClassDefFoundError("Could not initialize class org.nd4j.linalg.factory.Nd4j"),
                new RuntimeException("ND4J is probably missing dependencies"))) {
            Nd4jBackendProvider p = new Nd4jBackendProvider(threads -> {
                throw t;
            });
            assertFalse(p.isAvailable());
            assertTrue(p.unavailableReason().contains(t.getClass().getName()), p.unavailableReason());
        }
        Nd4jBackendProvider p = new Nd4jBackendProvider(threads -> {
            throw new ExceptionInInitializerError(new UnsatisfiedLinkError("libnd4jcpu.so: bad ELF"));
        });
        assertEquals("ND4J native library failed to load: java.lang.ExceptionInInitializerError <- "
                + "java.lang.UnsatisfiedLinkError: libnd4jcpu.so: bad ELF", p.unavailableReason());
    }

    /** Through ServiceLoader, as users get it: a services file naming the broken provider and the pure one. */
    @Test
    void serviceLoaderDiscoveryGoesOnPastABrokenProvider(@TempDir Path dir) throws IOException {
        String resource = "META-INF/services/" + BackendProvider.class.getName();
        Path services = dir.resolve(resource);
        Files.createDirectories(services.getParent());
        Files.writeString(services, BogusNativeProvider.class.getName() + "\n" + "io.neurite.NoSuchProvider\n"
                + PureBackendProvider.class.getName() + "\n");
        ClassLoader loader = new OnlyTheseServices(getClass().getClassLoader(), resource, services.toUri().toURL());
        BackendRegistry registry = BackendRegistry.load(loader);
        List<String> names = registry.entries().stream().map(BackendRegistry.Entry::name).toList();
        assertEquals(List.of("pure", "nd4j", "<broken>"), names, registry.describeProviders());
        assertEquals("pure", registry.select(null, "test").name());
        assertTrue(registry.describeProviders().contains("UnsatisfiedLinkError"), registry.describeProviders());
    }

    /** Serves one services file instead of the class path's, and everything else from the parent. */
    private static final class OnlyTheseServices extends ClassLoader {
        private final String resource;
        private final URL url;

        OnlyTheseServices(ClassLoader parent, String resource, URL url) {
            super(parent);
            this.resource = resource;
            this.url = url;
        }

        @Override
        public Enumeration<URL> getResources(String name) throws IOException {
            if (name.equals(resource)) {
                return Collections.enumeration(List.of(url));
            }
            return super.getResources(name);
        }
    }

    /**
     * The real failure: a child JVM whose class path lacks the linux-x86_64 native jar(s). ND4J cannot load, nd4j
     * is listed as unavailable with the loader's error, and pure is chosen.
     */
    @Test
    void withoutTheNativeJarPureIsChosenAndTheErrorIsShown() throws Exception {
        String output = ChildJvm.run(ChildJvm.classPathWithout("nd4j-native-" + Nd4jVersions.ND4J + "-linux-x86_64"),
                List.of(), Map.of(), DescribeBackendsMain.class);
        assertTrue(output.contains("default=pure"), output);
        assertTrue(output.contains("nd4j     priority 200    unavailable: ND4J native library failed to load: "), output);
    }
}
