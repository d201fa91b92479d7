package io.neurite.backend.pure;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.neurite.discovery.Backends;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Discovery through the real ServiceLoader and the real system property. */
class PureBackendDiscoveryTest {
    private final String saved = System.getProperty(Backends.PROPERTY);

    @AfterEach
    void restore() {
        if (saved == null) {
            System.clearProperty(Backends.PROPERTY);
        } else {
            System.setProperty(Backends.PROPERTY, saved);
        }
    }

    @Test
    void theServiceFileRegistersThePureBackend() {
        System.setProperty(Backends.PROPERTY, "pure");
        assertEquals("pure", Backends.get().name());
        assertTrue(Backends.describe().contains("Selected: pure (-Dneurite.backend=pure)"), Backends.describe());
    }

    @Test
    void anUnknownBackendPropertyFailsListingTheProvidersFound() {
        System.setProperty(Backends.PROPERTY, "nosuch");
        IllegalStateException e = assertThrows(IllegalStateException.class, Backends::get);
        String m = e.getMessage();
        assertTrue(m.startsWith("No Neurite backend named 'nosuch' (requested by -Dneurite.backend)"), m);
        assertTrue(m.matches("(?s).*pure\\s+priority 300\\s+available.*"), m);
        assertTrue(Backends.describe().contains("Selected: none"), Backends.describe());
    }
}
