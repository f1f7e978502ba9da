package org.symphony.persistence;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import javax.sql.DataSource;

/**
 * Makes sure every node hashes client secrets under the same key: the first start records the key's check value
 * (migration V10), each later one compares. A different key would answer every client {@code invalid_client}
 * without saying why; this refuses the node at start, with the reason.
 */
public final class ClientSecretKeyCheck {

    private ClientSecretKeyCheck() {}

    /** @throws ClientSecretKeyMismatch when the database's secrets were hashed under another key */
    public static void verifyOrRecord(DataSource db, ClientSecrets secrets) {
        String mine = secrets.keyCheck();
        try (Connection c = db.getConnection()) {
            try (PreparedStatement insert = c.prepareStatement(
                    "INSERT INTO client_secret_key_check (check_value) VALUES (?) ON CONFLICT (only_row) DO NOTHING")) {
                insert.setString(1, mine);
                insert.executeUpdate();
            }
            try (PreparedStatement select = c.prepareStatement("SELECT check_value FROM client_secret_key_check");
                 ResultSet rs = select.executeQuery()) {
                rs.next();
                if (!mine.equals(rs.getString(1))) throw new ClientSecretKeyMismatch();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot check the client-secret key against the database", e);
        }
    }

    /** The node's client-secret key is not the one this database's client secrets were hashed under. */
    public static final class ClientSecretKeyMismatch extends IllegalStateException {
        ClientSecretKeyMismatch() {
            super("this node's client-secret key is not the one the database's client secrets were hashed under: set"
                + " SYMPHONY_CLIENT_SECRET_KEY (symphony.node.client-secret-key) to the key the other nodes use (a node"
                + " without it uses <home>/client-secret.key). If that key is lost, every client's secret must be set"
                + " again: as the database owner, DELETE FROM client_secret_key_check, then re-register the clients.");
        }
    }
}
