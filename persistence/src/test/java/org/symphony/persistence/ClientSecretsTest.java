package org.symphony.persistence;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ClientSecretsTest {

    private final ClientSecrets secrets = new ClientSecrets(ClientSecrets.generateKey());

    @Test
    void matchesOnlyTheOriginalSecret() {
        String hash = secrets.hash("correct horse");
        assertTrue(hash.startsWith("hmac-sha256$"), hash);
        assertEquals(ClientSecrets.Match.MATCHED, secrets.check("correct horse", hash));
        assertEquals(ClientSecrets.Match.NO_MATCH, secrets.check("correct horse ", hash));
        assertEquals(ClientSecrets.Match.NO_MATCH, secrets.check("", hash));
        assertEquals(ClientSecrets.Match.NO_MATCH, secrets.check(null, hash));
    }

    @Test
    void anotherServerKeyCannotCheckTheHash() {
        String hash = secrets.hash("correct horse");
        assertEquals(ClientSecrets.Match.NO_MATCH, new ClientSecrets(ClientSecrets.generateKey()).check("correct horse", hash));
    }

    @Test
    void legacyPbkdf2HashesStillMatchAndAskForARehash() {
        String legacy = ClientSecrets.legacyHash("old secret");
        assertEquals(ClientSecrets.Match.MATCHED_LEGACY, secrets.check("old secret", legacy));
        assertEquals(ClientSecrets.Match.NO_MATCH, secrets.check("old secret!", legacy));
    }

    @Test
    void malformedHashesNeverMatch() {
        for (String bad : new String[] {null, "", "plain-x", "hmac-sha256$!!!", "hmac-sha256$", "pbkdf2-sha256$abc$AAAA$AAAA",
                "pbkdf2-sha256$1000$!!!$AAAA", "pbkdf2-sha256$2000000000$AAAA$AAAA", "md5$1000$AAAA$AAAA"}) {
            assertEquals(ClientSecrets.Match.NO_MATCH, secrets.check("x", bad), String.valueOf(bad));
        }
    }

    @Test
    void refusesEmptySecretsAndShortKeys() {
        assertThrows(IllegalArgumentException.class, () -> secrets.hash(""));
        assertThrows(IllegalArgumentException.class, () -> secrets.hash(null));
        assertThrows(IllegalArgumentException.class, () -> new ClientSecrets(new byte[16]));
    }

    @Test
    void generatedSecretsAre256BitsAndUnique() {
        String a = ClientSecrets.generate();
        assertEquals(43, a.length());
        assertNotEquals(a, ClientSecrets.generate());
    }
}
