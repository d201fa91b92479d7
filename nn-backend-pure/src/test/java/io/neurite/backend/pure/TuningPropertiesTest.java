package io.neurite.backend.pure;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A tuning property that is set but does not parse is an error naming it, never a silent default. */
class TuningPropertiesTest {
    private static final String NAME = "neurite.test.tuning";

    @AfterEach
    void clear() {
        System.clearProperty(NAME);
    }

    @Test
    void unsetOrBlankGivesTheDefault() {
        assertEquals(250, TuningProperties.positiveLong(NAME, 250));
        assertNull(TuningProperties.positiveIntOrNull(NAME));
        assertTrue(TuningProperties.flag(NAME, true));
        System.setProperty(NAME, " ");
        assertEquals(7, TuningProperties.positiveInt(NAME, 7));
        assertFalse(TuningProperties.flag(NAME, false));
    }

    @Test
    void validValuesAreRead() {
        System.setProperty(NAME, " 500 ");
        assertEquals(500, TuningProperties.positiveLong(NAME, 250));
        assertEquals(500, TuningProperties.positiveIntOrNull(NAME));
        System.setProperty(NAME, "FALSE");
        assertFalse(TuningProperties.flag(NAME, true));
    }

    @Test
    void malformedValuesAreErrorsThatNameTheProperty() {
        for (String bad : new String[] {"25O", "-3", "0", "1.5"}) {
            System.setProperty(NAME, bad);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> TuningProperties.positiveLong(NAME, 250));
            assertTrue(e.getMessage().contains("-D" + NAME + "=" + bad + " is not a positive integer"),
                    e.getMessage());
        }
        System.setProperty(NAME, "3000000000");
        assertThrows(IllegalArgumentException.class, () -> TuningProperties.positiveInt(NAME, 1));
        System.setProperty(NAME, "yes");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TuningProperties.flag(NAME, true));
        assertTrue(e.getMessage().contains("is neither true nor false"), e.getMessage());
    }
}
