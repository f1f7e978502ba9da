package org.symphony.persistence;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.Optional;

/**
 * The {@code api_client} table: clients of the sandbox token endpoint and their hashed secrets.
 * Blocking JDBC; call from a blocking dispatcher.
 */
public final class ApiClients {

    private static final int QUERY_TIMEOUT_SECONDS = 10;
    private static final String COLUMNS = "client_id, subject, role, created_at";
    // Verified against when the client id is unknown, so an unknown id costs as much time as a wrong secret and
    // response times do not reveal which client ids exist.
    private static final String DECOY_HASH = ClientSecrets.hash(ClientSecrets.generate());

    private final DataSource dataSource;

    public ApiClients(DataSource dataSource) {
        this.dataSource = dataSource;
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
            ps.setString(2, ClientSecrets.hash(secret));
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

    /** The client if {@code secret} is its secret; empty for an unknown client or a wrong secret (indistinguishably). */
    public Optional<ApiClient> verify(String clientId, String secret) {
        Optional<Row> row = clientId == null ? Optional.empty() : load(clientId);
        String hash = row.map(Row::secretHash).orElse(DECOY_HASH);
        boolean matches = ClientSecrets.matches(secret, hash);
        return matches && row.isPresent() ? row.map(Row::client) : Optional.empty();
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
                rs.getObject("created_at", OffsetDateTime.class).toInstant());
    }

    private static void requireText(String value, String name) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(name + " must not be blank");
        }
    }
}
