package org.symphony.persistence;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Timeout(180)
class RestartTest {

    @TempDir
    Path tmp;

    @Test
    void restartOnSameDataDirectoryKeepsRows() {
        Path dataDir = tmp.resolve("pg");
        ApiClient saved;
        try (SymphonyDatabase db = SymphonyDatabase.start(TestDatabases.persistent(dataDir))) {
            assertTrue(db.migrate().applied() > 0, "a fresh cluster is migrated");
            saved = new ApiClients(db.dataSource(), TestClientSecrets.SECRETS).upsert("bank-a-client", "secret", "BANK_A", ClientRole.PARTICIPANT);
        }
        assertTrue(Files.exists(dataDir.resolve("PG_VERSION")), "cluster kept after close");
        assertFalse(Files.exists(dataDir.resolve("postmaster.pid")), "server stopped cleanly");

        try (SymphonyDatabase db = SymphonyDatabase.start(TestDatabases.persistent(dataDir))) {
            assertEquals(0, db.migrate().applied());
            assertEquals(saved, new ApiClients(db.dataSource(), TestClientSecrets.SECRETS).verify("bank-a-client", "secret").orElseThrow());
            assertTrue(db.durabilityReport().isDurable(), "durable again after restart: " + db.durabilityReport());
        }
    }

    @Test
    void refusesADataDirectoryAnotherNodeIsUsing() {
        Path dataDir = tmp.resolve("shared");
        try (SymphonyDatabase first = SymphonyDatabase.start(TestDatabases.persistent(dataDir))) {
            DatabaseStartException e = assertThrows(DatabaseStartException.class,
                    () -> SymphonyDatabase.start(TestDatabases.persistent(dataDir)));
            assertTrue(e.getMessage().contains("in use by another running Symphony node"), e.getMessage());
            assertTrue(first.durabilityReport().isDurable(), "first node unaffected");
        }
    }

    @Test
    void ephemeralDirectoryIsDeletedOnClose() {
        String dataDirectory;
        try (SymphonyDatabase db = SymphonyDatabase.start(TestDatabases.ephemeral())) {
            dataDirectory = Sql.queryString(db, "SHOW data_directory");
            assertTrue(Files.isDirectory(Path.of(dataDirectory)));
        }
        assertFalse(Files.exists(Path.of(dataDirectory)), dataDirectory + " should be gone");
    }
}
