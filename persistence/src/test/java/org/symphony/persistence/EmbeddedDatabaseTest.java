package org.symphony.persistence;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Timeout(120)
class EmbeddedDatabaseTest {

    private static SymphonyDatabase db;

    @BeforeAll
    static void start() {
        db = SymphonyDatabase.start(TestDatabases.ephemeral());
    }

    @AfterAll
    static void stop() {
        if (db != null) {
            db.close();
        }
    }

    @Test
    void runsPostgres18OrNewer() throws SQLException {
        assertTrue(db.isEmbedded());
        assertTrue(db.serverVersion().versionNum() >= 180000, "server_version_num " + db.serverVersion().versionNum());
        assertEquals(String.valueOf(db.serverVersion().versionNum()), query("SHOW server_version_num"));
        assertTrue(db.jdbcUrl().startsWith("jdbc:postgresql://localhost:"), db.jdbcUrl());
        assertEquals("symphony", query("SELECT current_database()"));
    }

    /** Acceptance: the node's embedded database turns fsync and synchronous_commit on (zonky turns them off). */
    @Test
    void embeddedServerIsDurable() throws SQLException {
        assertEquals("on", query("SHOW fsync"));
        assertEquals("on", query("SHOW synchronous_commit"));
        assertEquals("on", query("SHOW full_page_writes"));

        DurabilityReport report = db.durabilityReport();
        assertEquals(new DurabilityReport("on", "on", "on"), report);
        assertTrue(report.isDurable());
    }

    @Test
    void appliesServerSettingsAndPoolLimits() throws SQLException {
        assertEquals("100", query("SHOW max_connections"));
        assertEquals("128MB", query("SHOW shared_buffers"));
        assertEquals("1min", query("SHOW statement_timeout"));
    }

    @Test
    void hasPostgres18Features() throws SQLException {
        assertEquals("7", query("SELECT uuid_extract_version(uuidv7())::text"));
    }

    private static String query(String sql) throws SQLException {
        try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }
}
