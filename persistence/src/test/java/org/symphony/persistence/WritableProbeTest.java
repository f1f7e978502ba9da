package org.symphony.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The keeper's probe keeps one connection of its own (one login, not one per second) and replaces it at once when
 * it dies, so that a connection lost with a restart never reports a healthy server as down.
 */
@Timeout(180)
class WritableProbeTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(5);
    private static final String PROBE_BACKENDS =
            "SELECT count(*) FROM pg_stat_activity WHERE application_name = 'symphony-probe'";

    @Test
    void probesShareOneConnectionAndALostOneIsReplacedWithinTheSameProbe() {
        try (SymphonyDatabase db = SymphonyDatabase.start(TestDatabases.ephemeral())) {
            for (int i = 0; i < 20; i++) assertEquals(Optional.empty(), db.probeWritable(TIMEOUT));
            assertEquals(1L, asRuntimeRole(db, PROBE_BACKENDS), "twenty probes, one connection");

            // The probe's backend dies (a restart, a failover, a cut): the next probe still answers from the server.
            assertEquals(1L, asRuntimeRole(db, "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE application_name = 'symphony-probe'"));
            assertEquals(Optional.empty(), db.probeWritable(TIMEOUT), "a dead kept connection is not a dead server");
            assertEquals(1L, asRuntimeRole(db, PROBE_BACKENDS));
        }
    }

    /** As the probe's own role, which may see and end its own sessions. */
    private static long asRuntimeRole(SymphonyDatabase db, String sql) {
        try (var c = db.dataSource().getConnection(); var s = c.createStatement(); var rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(sql, e);
        }
    }

    @Test
    void anUnreachableServerIsReportedWithTheDriversReason() {
        try (WritableProbe probe = new WritableProbe("jdbc:postgresql://127.0.0.1:1/nothing", "nobody", "x")) {
            Optional<String> reason = probe.probe(Duration.ofSeconds(1));
            assertTrue(reason.isPresent() && !reason.get().isBlank(), String.valueOf(reason));
        }
    }
}
