package org.symphony.persistence;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ServerVersionTest {

    private static final String URL = "jdbc:postgresql://db.example:5432/symphony";

    @Test
    void refusesPostgres15WithClearMessage() {
        UnsupportedDatabaseException e = assertThrows(UnsupportedDatabaseException.class,
                () -> new ServerVersion(150004).requireSupported(URL));
        assertEquals("Symphony needs PostgreSQL 18 or newer; jdbc:postgresql://db.example:5432/symphony runs 15.4 "
                + "(server_version_num 150004)", e.getMessage());
    }

    @Test
    void refusesPostgres17() {
        UnsupportedDatabaseException e = assertThrows(UnsupportedDatabaseException.class,
                () -> new ServerVersion(170000).requireSupported(URL));
        assertEquals("Symphony needs PostgreSQL 18 or newer; jdbc:postgresql://db.example:5432/symphony runs 17.0 "
                + "(server_version_num 170000)", e.getMessage());
    }

    @Test
    void refusesPre10VersionsAndFormatsThem() {
        ServerVersion old = new ServerVersion(90624);
        assertEquals("9.6.24", old.display());
        assertFalse(old.isSupported());
    }

    @ParameterizedTest
    @ValueSource(ints = {180000, 180004, 190001})
    void accepts18AndNewer(int versionNum) {
        ServerVersion v = new ServerVersion(versionNum);
        assertSame(v, v.requireSupported(URL));
    }

    @Test
    void formatsVersion() {
        assertEquals("18.4", new ServerVersion(180004).display());
        assertEquals(18, new ServerVersion(180004).major());
    }

    @Test
    void messageHidesPasswordInUrl() {
        UnsupportedDatabaseException e = assertThrows(UnsupportedDatabaseException.class,
                () -> new ServerVersion(160002).requireSupported(URL + "?user=app&password=hunter2"));
        assertFalse(e.getMessage().contains("hunter2"), e.getMessage());
    }
}
