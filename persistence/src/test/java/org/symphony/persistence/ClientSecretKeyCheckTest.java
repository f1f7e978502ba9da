package org.symphony.persistence;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A node with another client-secret key than the database's is refused at start, not left refusing every client. */
class ClientSecretKeyCheckTest {

    private static SymphonyDatabase db;

    @BeforeAll
    static void start() {
        db = SymphonyDatabase.start(TestDatabases.ephemeral());
        db.migrate();
    }

    @AfterAll
    static void stop() {
        if (db != null) db.close();
    }

    @Test
    void theFirstKeyIsRecordedTheSameKeyPassesAnotherIsRefused() {
        byte[] key = ClientSecrets.generateKey();
        ClientSecrets first = new ClientSecrets(key);
        ClientSecretKeyCheck.verifyOrRecord(db.dataSource(), first);
        assertDoesNotThrow(() -> ClientSecretKeyCheck.verifyOrRecord(db.dataSource(), first), "a restart with the same key");
        assertDoesNotThrow(() -> ClientSecretKeyCheck.verifyOrRecord(db.dataSource(), new ClientSecrets(key.clone())),
            "another node given the same key");
        assertThrows(ClientSecretKeyCheck.ClientSecretKeyMismatch.class,
            () -> ClientSecretKeyCheck.verifyOrRecord(db.dataSource(), new ClientSecrets(ClientSecrets.generateKey())));
    }
}
