package org.symphony.persistence;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ClientSecretsTest {

    @Test
    void matchesOnlyTheOriginalSecret() {
        String hash = ClientSecrets.hash("correct horse");
        assertTrue(ClientSecrets.matches("correct horse", hash));
        assertFalse(ClientSecrets.matches("correct horse ", hash));
        assertFalse(ClientSecrets.matches("", hash));
        assertFalse(ClientSecrets.matches(null, hash));
    }

    @Test
    void saltsEveryHash() {
        assertNotEquals(ClientSecrets.hash("same"), ClientSecrets.hash("same"));
    }

    @Test
    void encodesSchemeAndIterations() {
        String[] parts = ClientSecrets.hash("x").split("\\$");
        assertEquals(4, parts.length);
        assertEquals("pbkdf2-sha256", parts[0]);
        assertEquals(String.valueOf(ClientSecrets.ITERATIONS), parts[1]);
    }

    @Test
    void rejectsMalformedHashes() {
        assertFalse(ClientSecrets.matches("x", null));
        assertFalse(ClientSecrets.matches("x", ""));
        assertFalse(ClientSecrets.matches("x", "plain-x"));
        assertFalse(ClientSecrets.matches("x", "pbkdf2-sha256$abc$AAAA$AAAA"));
        assertFalse(ClientSecrets.matches("x", "pbkdf2-sha256$1000$!!!$AAAA"));
        assertFalse(ClientSecrets.matches("x", "pbkdf2-sha256$2000000000$AAAA$AAAA"));
        assertFalse(ClientSecrets.matches("x", "md5$1000$AAAA$AAAA"));
    }

    @Test
    void refusesEmptySecret() {
        assertThrows(IllegalArgumentException.class, () -> ClientSecrets.hash(""));
        assertThrows(IllegalArgumentException.class, () -> ClientSecrets.hash(null));
    }

    @Test
    void generatesDistinctUrlSafeSecrets() {
        String a = ClientSecrets.generate();
        assertEquals(43, a.length());
        assertTrue(a.matches("[A-Za-z0-9_-]+"), a);
        assertNotEquals(a, ClientSecrets.generate());
    }
}
