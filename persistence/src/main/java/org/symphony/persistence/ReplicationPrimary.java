package org.symphony.persistence;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;

/**
 * What a primary needs for a standby, done over a superuser connection: the replication role, a physical slot (so the
 * primary keeps the WAL the standby still needs, up to max_slot_wal_keep_size), and synchronous replication on or
 * off (ALTER SYSTEM + pg_reload_conf, kept across restarts). Names are checked identifiers (utility statements take no
 * bind parameters).
 */
public final class ReplicationPrimary {

    private ReplicationPrimary() {
    }

    /** Creates or updates the replication role (LOGIN REPLICATION, SCRAM password), the slot and the WAL bound. */
    static void prepare(Connection superuser, ReplicationCredentials role, String slot, String maxSlotWalKeepSize) throws SQLException {
        RoleNames.require(slot);
        try (Statement s = superuser.createStatement()) {
            s.execute("SET password_encryption = '" + PasswordOnlyAccess.METHOD + "'");
            if (!exists(superuser, "SELECT 1 FROM pg_roles WHERE rolname = ?", role.user())) s.execute("CREATE ROLE " + role.user());
            s.execute("ALTER ROLE " + role.user() + " WITH LOGIN REPLICATION NOSUPERUSER NOCREATEDB NOCREATEROLE NOBYPASSRLS PASSWORD '"
                    + role.password() + "'");
            s.execute("ALTER SYSTEM SET max_slot_wal_keep_size = '" + maxSlotWalKeepSize + "'");
            s.execute("SELECT pg_reload_conf()");
        }
        if (!exists(superuser, "SELECT 1 FROM pg_replication_slots WHERE slot_name = ?", slot)) {
            // immediately_reserve: the WAL from now on is kept, so the base backup taken next can be streamed from.
            try (PreparedStatement ps = superuser.prepareStatement("SELECT pg_create_physical_replication_slot(?, true)")) {
                ps.setString(1, slot);
                ps.execute();
            }
        }
    }

    /**
     * Every commit on the primary now waits until {@code applicationName} has flushed it (synchronous_commit on).
     * A primary left synchronous without its standby stops committing: {@link #makeAsynchronous} undoes this.
     */
    public static void makeSynchronous(Connection superuser, String applicationName) throws SQLException {
        RoleNames.require(applicationName);
        try (Statement s = superuser.createStatement()) {
            s.execute("ALTER SYSTEM SET synchronous_standby_names = 'FIRST 1 (" + applicationName + ")'");
            s.execute("ALTER SYSTEM SET synchronous_commit = 'on'");
            s.execute("SELECT pg_reload_conf()");
        }
    }

    /** Commits stop waiting for any standby. */
    public static void makeAsynchronous(Connection superuser) throws SQLException {
        try (Statement s = superuser.createStatement()) {
            s.execute("ALTER SYSTEM RESET synchronous_standby_names");
            s.execute("SELECT pg_reload_conf()");
        }
    }

    /** The standby's replication as the primary sees it (pg_stat_replication); empty when it is not connected. */
    public static Optional<Replication> replication(Connection superuser, String applicationName) throws SQLException {
        try (PreparedStatement ps = superuser.prepareStatement(
                "SELECT state, sync_state, flush_lsn::text FROM pg_stat_replication WHERE application_name = ?")) {
            ps.setString(1, applicationName);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(new Replication(rs.getString(1), rs.getString(2), rs.getString(3))) : Optional.empty();
            }
        }
    }

    /** One row of pg_stat_replication: state (streaming, catchup …), sync_state (sync, async, potential …). */
    public record Replication(String state, String syncState, String flushLsn) {
        public boolean streaming() {
            return "streaming".equals(state);
        }

        public boolean synchronous() {
            return streaming() && "sync".equals(syncState);
        }
    }

    private static boolean exists(Connection c, String sql, String value) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, value);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }
}
