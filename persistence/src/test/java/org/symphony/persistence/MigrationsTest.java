package org.symphony.persistence;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Timeout(120)
class MigrationsTest {

    private static SymphonyDatabase db;
    private static Migrations.Outcome first;

    @BeforeAll
    static void startAndMigrate() {
        db = SymphonyDatabase.start(TestDatabases.ephemeral());
        first = db.migrate();
    }

    @AfterAll
    static void stop() {
        if (db != null) {
            db.close();
        }
    }

    @Test
    void createsJournalSnapshotAndClientTables() throws SQLException {
        assertEquals(10, first.applied());
        assertEquals("11", first.toVersion());
        for (String table : List.of("event_journal", "event_tag", "snapshot", "durable_state", "api_client",
                "ingress_attestation", "attestation_outcome", "attestation_checkpoint", "attestation_signing_key",
                "attestation_archive", "audit_incident", "instruction_status", "ledger_line",
                "pekko_projection_offset_store", "pekko_projection_management", "api_client_revocation")) {
            assertTrue(tableExists(table), table + " missing");
        }
    }

    @Test
    void keepsPekkoPersistenceJdbcColumnNames() throws SQLException {
        assertEquals(List.of("ordering", "persistence_id", "sequence_number", "deleted", "writer", "write_timestamp",
                        "adapter_manifest", "event_ser_id", "event_ser_manifest", "event_payload", "meta_ser_id",
                        "meta_ser_manifest", "meta_payload"),
                columns("event_journal"));
        assertEquals(List.of("event_id", "tag"), columns("event_tag"));
        assertEquals(List.of("persistence_id", "sequence_number", "created", "snapshot_ser_id", "snapshot_ser_manifest",
                        "snapshot_payload", "meta_ser_id", "meta_ser_manifest", "meta_payload"),
                columns("snapshot"));
    }

    @Test
    void secondRunIsNoOp() throws SQLException {
        int before = historyRows();
        Migrations.Outcome again = db.migrate();
        assertEquals(0, again.applied());
        assertEquals("11", again.fromVersion());
        assertEquals("11", again.toVersion(), "a no-op run still reports where the schema is");
        assertEquals(before, historyRows());
    }

    @Test
    void durableStateIndexesExist() throws SQLException {
        try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*) FROM pg_indexes WHERE indexname IN "
                     + "('state_tag_idx', 'state_global_offset_idx', 'event_journal_ordering_idx')")) {
            rs.next();
            assertEquals(3, rs.getInt(1));
        }
    }

    private static boolean tableExists(String table) throws SQLException {
        try (Connection c = db.dataSource().getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT to_regclass(?) IS NOT NULL")) {
            ps.setString(1, "public." + table);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        }
    }

    private static List<String> columns(String table) throws SQLException {
        try (Connection c = db.dataSource().getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT column_name FROM information_schema.columns "
                     + "WHERE table_schema = 'public' AND table_name = ? ORDER BY ordinal_position")) {
            ps.setString(1, table);
            List<String> names = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    names.add(rs.getString(1));
                }
            }
            return names;
        }
    }

    private static int historyRows() throws SQLException {
        try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*) FROM flyway_schema_history")) {
            rs.next();
            return rs.getInt(1);
        }
    }
}
