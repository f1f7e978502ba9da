package org.symphony.persistence;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A synchronous hot standby seeded from a live primary: what the primary committed is on the standby when the primary
 * is SIGKILLed, the promoted standby takes writes at once (it does not wait for a standby of its own), and a
 * directory holding a promoted cluster is refused as a standby.
 */
@Timeout(180)
class HotStandbyTest {

    @TempDir
    Path tmp;

    @Test
    void committedRowsSurviveAKilledPrimaryAndThePromotedStandbyTakesWrites() throws Exception {
        Path primaryDir = tmp.resolve("pg");
        DatabaseSettings primarySettings = TestDatabases.persistent(primaryDir);
        StandbySettings standbySettings = StandbySettings.fromConfig(com.typesafe.config.ConfigFactory.load())
                .withDataDir(tmp.resolve("pg-standby")).withPort(0);
        try (SymphonyDatabase primary = SymphonyDatabase.start(primarySettings)) {
            primary.migrate();
            EmbeddedCredentials credentials = primary.embeddedCredentials().orElseThrow();
            PrimaryLogin login = new PrimaryLogin(primary.jdbcUrl(), credentials.ownerUser(), credentials.ownerPassword());
            Sql.execute(primary, "CREATE TABLE drill (n int PRIMARY KEY)");
            Sql.execute(primary, "INSERT INTO drill SELECT generate_series(1, 100)");

            try (HotStandby standby = HotStandby.start(standbySettings, primarySettings, login)) {
                assertTrue(standby.inRecovery(), "a standby until promoted");
                assertTrue(Files.exists(ReplicationCredentials.fileFor(standby.dataDir())), "replication password kept beside it");
                assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(
                        Files.getPosixFilePermissions(ReplicationCredentials.fileFor(standby.dataDir()))));
                ReplicationPrimary.Replication replication = standby.makeSynchronous();
                assertEquals("sync", replication.syncState(), "the primary waits for it: " + replication);

                Sql.execute(primary, "INSERT INTO drill SELECT generate_series(101, 200)"); // acknowledged = on the standby
                long postmaster = Long.parseLong(Files.readAllLines(primaryDir.resolve("postmaster.pid")).get(0).trim());
                ProcessHandle handle = ProcessHandle.of(postmaster).orElseThrow();
                handle.destroyForcibly();
                handle.onExit().get(30, java.util.concurrent.TimeUnit.SECONDS);

                Duration promotion = standby.promote();
                assertFalse(standby.inRecovery(), "promoted after " + promotion);
                try (Connection c = standby.superuserLogin().connect(); Statement s = c.createStatement()) {
                    assertEquals(200, count(s, "SELECT count(*) FROM drill"), "every acknowledged row is on the promoted standby");
                    s.execute("SET statement_timeout = '10s'"); // a commit waiting for a standby of its own would hang
                    s.execute("INSERT INTO drill VALUES (201)");
                    assertEquals(201, count(s, "SELECT count(*) FROM drill"));
                }
            }
            DatabaseStartException refused = assertThrows(DatabaseStartException.class,
                    () -> HotStandby.start(standbySettings, primarySettings, login));
            assertTrue(refused.getMessage().contains("no standby"), refused.getMessage());
        }
    }

    private static long count(Statement s, String sql) throws SQLException {
        try (ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
