package org.symphony.persistence;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Properties;

/**
 * Puts the embedded server behind SCRAM-SHA-256 passwords for every local and host connection. zonky's initdb writes
 * a pg_hba.conf that trusts everyone on localhost, and homes from before this class ran that way with a password-less
 * superuser: whoever could reach the port could rewrite the attestation chain. While the server still trusts, the
 * roles get their passwords; then pg_hba.conf is replaced and reloaded, and start-up waits until trust is gone.
 */
final class PasswordOnlyAccess {

    private static final Logger LOG = LoggerFactory.getLogger(PasswordOnlyAccess.class);
    static final String METHOD = "scram-sha-256";
    private static final List<String> LOOPBACK_HBA = List.of(
            "# Written by Symphony: every connection authenticates with a SCRAM-SHA-256 password; no trust.",
            "# TYPE  DATABASE     USER  ADDRESS       METHOD",
            "local   all          all                 " + METHOD,
            "host    all          all   127.0.0.1/32  " + METHOD,
            "host    all          all   ::1/128       " + METHOD,
            "local   replication  all                 " + METHOD,
            "host    replication  all   127.0.0.1/32  " + METHOD,
            "host    replication  all   ::1/128       " + METHOD);
    private static final Duration RETRY = Duration.ofMillis(50);

    private PasswordOnlyAccess() {
    }

    /** True when every rule of the cluster's pg_hba.conf asks for a SCRAM password (false when there is no cluster yet). */
    static boolean isRequired(Path hbaFile) {
        if (!Files.exists(hbaFile)) return false;
        try {
            List<String> rules = Files.readAllLines(hbaFile, StandardCharsets.UTF_8).stream()
                    .map(line -> line.replaceFirst("#.*", "").trim())
                    .filter(line -> !line.isEmpty())
                    .toList();
            return !rules.isEmpty() && rules.stream().allMatch(rule -> List.of(rule.split("\\s+")).contains(METHOD)
                    && !List.of(rule.split("\\s+")).contains("trust"));
        } catch (IOException e) {
            throw new DatabaseStartException("Cannot read " + hbaFile, e);
        }
    }

    /** pg_hba.conf as Symphony writes it: loopback, plus a SCRAM {@code host} rule per allowed network. */
    static List<String> hba(List<String> allowedNetworks) {
        List<String> lines = new java.util.ArrayList<>(LOOPBACK_HBA);
        for (String network : allowedNetworks) {
            lines.add("host    all          all   " + network + "  " + METHOD);
        }
        return List.copyOf(lines);
    }

    /**
     * Gives both roles their passwords (creating the runtime role if needed) over {@code owner}; then, if pg_hba.conf
     * is not what {@link #hba} makes of {@code allowedNetworks} (a server that still trusts, or other networks than
     * last time), replaces it and reloads; when the server trusted, waits until a password-less login is refused.
     */
    static void enforce(Connection owner, EmbeddedCredentials credentials, String jdbcUrl, Duration timeout,
                        List<String> allowedNetworks) throws SQLException {
        Path hbaFile = Path.of(show(owner, "hba_file"));
        setPasswords(owner, credentials);
        List<String> desired = hba(allowedNetworks);
        if (desired.equals(read(hbaFile))) return;
        boolean trusted = !isRequired(hbaFile);
        if (trusted) {
            LOG.warn("Embedded PostgreSQL trusted local connections ({}); switching it to {} passwords", hbaFile, METHOD);
        } else {
            LOG.info("Embedded PostgreSQL's pg_hba.conf ({}) now lets in loopback and {}", hbaFile, allowedNetworks);
        }
        writeHba(hbaFile, desired);
        try (Statement s = owner.createStatement()) {
            s.execute("SELECT pg_reload_conf()");
        }
        if (trusted) awaitPasswordRequired(jdbcUrl, credentials.ownerUser(), timeout);
    }

    private static List<String> read(Path hbaFile) throws SQLException {
        try {
            return Files.exists(hbaFile) ? Files.readAllLines(hbaFile, StandardCharsets.UTF_8) : List.of();
        } catch (IOException e) {
            throw new SQLException("Cannot read " + hbaFile + ": " + e.getMessage(), e);
        }
    }

    private static void setPasswords(Connection c, EmbeddedCredentials credentials) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("SET password_encryption = '" + METHOD + "'");
            // Utility statements take no bind parameters: names are checked identifiers, passwords base64url.
            s.execute("ALTER ROLE " + credentials.ownerUser() + " PASSWORD '" + credentials.ownerPassword() + "'");
            if (!roleExists(c, credentials.runtimeUser())) s.execute("CREATE ROLE " + credentials.runtimeUser());
            s.execute("ALTER ROLE " + credentials.runtimeUser()
                    + " WITH LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS PASSWORD '"
                    + credentials.runtimePassword() + "'");
        }
    }

    private static boolean roleExists(Connection c, String role) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM pg_roles WHERE rolname = ?")) {
            ps.setString(1, role);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    private static void writeHba(Path hbaFile, List<String> lines) throws SQLException {
        try {
            Path tmp = hbaFile.resolveSibling(hbaFile.getFileName() + ".symphony-tmp");
            Files.write(tmp, lines, StandardCharsets.UTF_8);
            Files.move(tmp, hbaFile, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new SQLException("Cannot write " + hbaFile + ": " + e.getMessage(), e);
        }
    }

    /** pg_reload_conf only signals the postmaster: poll until a login without a password is refused. */
    private static void awaitPasswordRequired(String jdbcUrl, String user, Duration timeout) throws SQLException {
        long deadline = System.nanoTime() + timeout.toNanos();
        Properties noPassword = new Properties();
        noPassword.setProperty("user", user);
        while (acceptsWithoutPassword(jdbcUrl, noPassword)) {
            if (System.nanoTime() > deadline) {
                throw new SQLException("embedded PostgreSQL still accepts logins without a password after " + timeout);
            }
            try {
                Thread.sleep(RETRY.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SQLException("interrupted while waiting for pg_hba.conf to be reloaded", e);
            }
        }
    }

    private static boolean acceptsWithoutPassword(String jdbcUrl, Properties noPassword) {
        try (Connection ignored = DriverManager.getConnection(jdbcUrl, noPassword)) {
            return true;
        } catch (SQLException refused) {
            return false;
        }
    }

    private static String show(Connection c, String setting) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SHOW " + setting)) {
            rs.next();
            return rs.getString(1);
        }
    }
}
