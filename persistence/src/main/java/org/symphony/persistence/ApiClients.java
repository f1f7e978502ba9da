package org.symphony.persistence;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code api_client} table: clients of the sandbox token endpoint, their hashed secrets (see
 * {@link ClientSecrets}) and token versions. Blocking JDBC; call from a blocking dispatcher.
 */
public final class ApiClients {

    private static final int QUERY_TIMEOUT_SECONDS = 10;
    private static final String COLUMNS = "client_id, subject, role, created_at, token_version";

    private final DataSource dataSource;
    private final ClientSecrets secrets;
    // Checked against when the client id is unknown, so an unknown id costs what a wrong secret costs.
    private final String decoyHash;

    public ApiClients(DataSource dataSource, ClientSecrets secrets) {
        this.dataSource = dataSource;
        this.secrets = secrets;
        this.decoyHash = secrets.hash(ClientSecrets.generate());
    }

    /** Registers a client or replaces its secret, subject and role (created_at is kept). */
    public ApiClient upsert(String clientId, String secret, String subject, ClientRole role) {
        requireText(clientId, "clientId");
        requireText(subject, "subject");
        if (role == null) {
            throw new IllegalArgumentException("role must be set");
        }
        String sql = "INSERT INTO api_client (client_id, secret_hash, subject, role) VALUES (?, ?, ?, ?) "
                + "ON CONFLICT (client_id) DO UPDATE SET secret_hash = EXCLUDED.secret_hash, subject = EXCLUDED.subject, role = EXCLUDED.role "
                + "RETURNING " + COLUMNS;
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setQueryTimeout(QUERY_TIMEOUT_SECONDS);
            ps.setString(1, clientId);
            ps.setString(2, secrets.hash(secret));
            ps.setString(3, subject);
            ps.setString(4, role.dbValue());
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return toClient(rs);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot save api client " + clientId, e);
        }
    }

    public Optional<ApiClient> find(String clientId) {
        return load(clientId).map(Row::client);
    }

    /**
     * The client if {@code secret} is its secret; empty for an unknown client or a wrong secret (indistinguishably).
     * A match against a hash of the old scheme is re-hashed, so each legacy hash costs its slow check once.
     */
    public Optional<ApiClient> verify(String clientId, String secret) {
        Optional<Row> row = clientId == null ? Optional.empty() : load(clientId);
        ClientSecrets.Match match = secrets.check(secret, row.map(Row::secretHash).orElse(decoyHash));
        if (row.isEmpty() || !match.matched()) {
            return Optional.empty();
        }
        if (match == ClientSecrets.Match.MATCHED_LEGACY) {
            rehash(clientId, row.get().secretHash(), secret);
        }
        return row.map(Row::client);
    }

    /** Raises the client's token version and records who did it and why, in one transaction; empty: no such client. */
    public Optional<TokenRevocation> revokeTokens(String clientId, String by, String reason) {
        requireText(by, "by");
        requireText(reason, "reason");
        String raise = "UPDATE api_client SET token_version = token_version + 1 WHERE client_id = ? RETURNING token_version";
        String record = "INSERT INTO api_client_revocation (client_id, token_version, revoked_by, reason) VALUES (?, ?, ?, ?) "
                + "RETURNING revoked_at";
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement up = c.prepareStatement(raise); PreparedStatement in = c.prepareStatement(record)) {
                up.setQueryTimeout(QUERY_TIMEOUT_SECONDS);
                up.setString(1, clientId);
                long version;
                try (ResultSet rs = up.executeQuery()) {
                    if (!rs.next()) {
                        c.rollback();
                        return Optional.empty();
                    }
                    version = rs.getLong(1);
                }
                in.setQueryTimeout(QUERY_TIMEOUT_SECONDS);
                in.setString(1, clientId);
                in.setLong(2, version);
                in.setString(3, by);
                in.setString(4, reason);
                OffsetDateTime at;
                try (ResultSet rs = in.executeQuery()) {
                    rs.next();
                    at = rs.getObject(1, OffsetDateTime.class);
                }
                c.commit();
                return Optional.of(new TokenRevocation(clientId, version, by, reason, at.toInstant()));
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot revoke the tokens of api client " + clientId, e);
        }
    }

    /** Clients whose tokens were ever revoked, with their current token version (to announce at start-up). */
    public Map<String, Long> raisedTokenVersions() {
        String sql = "SELECT client_id, token_version FROM api_client WHERE token_version > 1";
        Map<String, Long> versions = new HashMap<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setQueryTimeout(QUERY_TIMEOUT_SECONDS);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    versions.put(rs.getString(1), rs.getLong(2));
                }
            }
            return Map.copyOf(versions);
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot read token versions", e);
        }
    }

    /** Replaces a legacy hash, unless the secret changed meanwhile (compare-and-set on the old hash). */
    private void rehash(String clientId, String legacyHash, String secret) {
        String sql = "UPDATE api_client SET secret_hash = ? WHERE client_id = ? AND secret_hash = ?";
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setQueryTimeout(QUERY_TIMEOUT_SECONDS);
            ps.setString(1, secrets.hash(secret));
            ps.setString(2, clientId);
            ps.setString(3, legacyHash);
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot re-hash the secret of api client " + clientId, e);
        }
    }

    /** True when some client authenticates as this participant (the sandbox's participant registry). */
    public boolean hasParticipant(String subject) {
        String sql = "SELECT 1 FROM api_client WHERE subject = ? AND role = 'participant' LIMIT 1";
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setQueryTimeout(QUERY_TIMEOUT_SECONDS);
            ps.setString(1, subject);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot look up participant " + subject, e);
        }
    }

    private record Row(ApiClient client, String secretHash) {
    }

    private Optional<Row> load(String clientId) {
        String sql = "SELECT " + COLUMNS + ", secret_hash FROM api_client WHERE client_id = ?";
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setQueryTimeout(QUERY_TIMEOUT_SECONDS);
            ps.setString(1, clientId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(new Row(toClient(rs), rs.getString("secret_hash"))) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot read api client " + clientId, e);
        }
    }

    private static ApiClient toClient(ResultSet rs) throws SQLException {
        return new ApiClient(
                rs.getString("client_id"),
                rs.getString("subject"),
                ClientRole.fromDbValue(rs.getString("role")),
                rs.getObject("created_at", OffsetDateTime.class).toInstant(),
                rs.getLong("token_version"));
    }

    private static void requireText(String value, String name) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(name + " must not be blank");
        }
    }
}
