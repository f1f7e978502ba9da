package org.symphony.persistence;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Timeout(120)
class ApiClientsTest {

    private static SymphonyDatabase db;
    private static ApiClients clients;

    @BeforeAll
    static void start() {
        db = SymphonyDatabase.start(TestDatabases.ephemeral());
        db.migrate();
        clients = new ApiClients(db.dataSource(), TestClientSecrets.SECRETS);
    }

    @AfterAll
    static void stop() {
        if (db != null) {
            db.close();
        }
    }

    @Test
    void verifiesGoodSecretAndRejectsBadOne() {
        ApiClient saved = clients.upsert("bank-a-client", "s3cret-A", "BANK_A", ClientRole.PARTICIPANT);
        assertEquals("bank-a-client", saved.clientId());
        assertEquals("BANK_A", saved.subject());
        assertEquals(ClientRole.PARTICIPANT, saved.role());

        Optional<ApiClient> good = clients.verify("bank-a-client", "s3cret-A");
        assertEquals(Optional.of(saved), good);
        assertTrue(clients.verify("bank-a-client", "s3cret-B").isEmpty());
        assertTrue(clients.verify("bank-a-client", "").isEmpty());
        assertTrue(clients.verify("bank-a-client", null).isEmpty());
        assertTrue(clients.verify("no-such-client", "s3cret-A").isEmpty());
        assertTrue(clients.verify(null, "s3cret-A").isEmpty());
    }

    @Test
    void upsertReplacesSecretSubjectAndRoleButKeepsCreationTime() {
        ApiClient first = clients.upsert("ops-1", "old-secret", "alice", ClientRole.OPERATOR);
        ApiClient second = clients.upsert("ops-1", "new-secret", "alice.b", ClientRole.SUPERVISOR);

        assertEquals(first.createdAt(), second.createdAt());
        assertEquals(Optional.of(second), clients.find("ops-1"));
        assertTrue(clients.verify("ops-1", "old-secret").isEmpty());
        assertEquals(ClientRole.SUPERVISOR, clients.verify("ops-1", "new-secret").orElseThrow().role());
    }

    @Test
    void storesOnlyAKeyedHash() throws SQLException {
        clients.upsert("mfi-b-client", "plain-text-secret", "MFI_B", ClientRole.PARTICIPANT);
        String stored = storedHash("mfi-b-client");
        assertFalse(stored.contains("plain-text-secret"));
        assertTrue(stored.startsWith("hmac-sha256$"), stored);
    }

    @Test
    void aLegacyPbkdf2HashStillVerifiesAndIsRehashedOnFirstSuccess() throws SQLException {
        clients.upsert("legacy-client", "placeholder", "LEGACY", ClientRole.OPERATOR);
        setStoredHash("legacy-client", ClientSecrets.legacyHash("old-secret"));

        assertTrue(clients.verify("legacy-client", "wrong").isEmpty());
        assertTrue(storedHash("legacy-client").startsWith("pbkdf2-sha256$"), "a failure re-hashes nothing");
        assertEquals("LEGACY", clients.verify("legacy-client", "old-secret").orElseThrow().subject());
        assertTrue(storedHash("legacy-client").startsWith("hmac-sha256$"), storedHash("legacy-client"));
        assertTrue(clients.verify("legacy-client", "old-secret").isPresent());
    }

    @Test
    void revokingTokensRaisesTheVersionAndRecordsWhoAndWhy() throws SQLException {
        ApiClient before = clients.upsert("ops-revoked", "s", "carol", ClientRole.OPERATOR);
        assertEquals(1, before.tokenVersion());

        TokenRevocation revoked = clients.revokeTokens("ops-revoked", "alice", "laptop stolen").orElseThrow();

        assertEquals(2, revoked.tokenVersion());
        assertEquals(2, clients.verify("ops-revoked", "s").orElseThrow().tokenVersion());
        assertEquals(2L, clients.raisedTokenVersions().get("ops-revoked"));
        assertTrue(clients.revokeTokens("nobody", "alice", "typo").isEmpty());
        try (Connection c = db.dataSource().getConnection();
             PreparedStatement ps = c.prepareStatement(
                     "SELECT revoked_by, reason, token_version FROM api_client_revocation WHERE client_id = 'ops-revoked'");
             ResultSet rs = ps.executeQuery()) {
            assertTrue(rs.next());
            assertEquals("alice", rs.getString(1));
            assertEquals("laptop stolen", rs.getString(2));
            assertEquals(2, rs.getLong(3));
        }
    }

    private static void setStoredHash(String clientId, String hash) throws SQLException {
        try (Connection c = db.dataSource().getConnection();
             PreparedStatement ps = c.prepareStatement("UPDATE api_client SET secret_hash = ? WHERE client_id = ?")) {
            ps.setString(1, hash);
            ps.setString(2, clientId);
            assertEquals(1, ps.executeUpdate());
        }
    }

    @Test
    void findsNothingForUnknownClient() {
        assertTrue(clients.find("ghost").isEmpty());
    }

    @Test
    void rejectsBlankInput() {
        assertThrows(IllegalArgumentException.class, () -> clients.upsert(" ", "x", "BANK_A", ClientRole.PARTICIPANT));
        assertThrows(IllegalArgumentException.class, () -> clients.upsert("c", "", "BANK_A", ClientRole.PARTICIPANT));
        assertThrows(IllegalArgumentException.class, () -> clients.upsert("c", "x", "BANK_A", null));
    }

    private static String storedHash(String clientId) throws SQLException {
        try (Connection c = db.dataSource().getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT secret_hash FROM api_client WHERE client_id = ?")) {
            ps.setString(1, clientId);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getString(1);
            }
        }
    }
}
