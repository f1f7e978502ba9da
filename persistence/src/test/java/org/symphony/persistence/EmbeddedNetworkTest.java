package org.symphony.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The embedded server's listen addresses and pg_hba.conf follow {@link EmbeddedNetwork}, also on a restart that changes it. */
@Timeout(180)
class EmbeddedNetworkTest {

    @TempDir
    Path tmp;

    @Test
    void allowedNetworksGetPasswordRulesAndAreRewrittenWhenTheyChange() throws Exception {
        Path dataDir = tmp.resolve("pg");
        Path hba = dataDir.resolve("pg_hba.conf");
        try (SymphonyDatabase db = SymphonyDatabase.start(TestDatabases.persistent(dataDir))) {
            assertEquals("localhost", show(db, "listen_addresses"));
            assertEquals(PasswordOnlyAccess.hba(List.of()), Files.readAllLines(hba, StandardCharsets.UTF_8));
            assertTrue(hostRules(db).stream().noneMatch(r -> r.startsWith("10.")), hostRules(db).toString());
        }

        EmbeddedNetwork wider = new EmbeddedNetwork("localhost", List.of("10.77.0.0/24", "10.99.0.0/16"));
        try (SymphonyDatabase db = SymphonyDatabase.start(TestDatabases.persistent(dataDir).withNetwork(wider))) {
            assertEquals(PasswordOnlyAccess.hba(wider.allowedNetworks()), Files.readAllLines(hba, StandardCharsets.UTF_8));
            // What the server itself loaded (after the reload), not only the file: every rule asks for a password.
            List<String> rules = hostRules(db);
            assertTrue(rules.contains("10.77.0.0/255.255.255.0 " + PasswordOnlyAccess.METHOD), rules.toString());
            assertTrue(rules.contains("10.99.0.0/255.255.0.0 " + PasswordOnlyAccess.METHOD), rules.toString());
            assertTrue(PasswordOnlyAccess.isRequired(hba));
        }

        try (SymphonyDatabase db = SymphonyDatabase.start(TestDatabases.persistent(dataDir))) {
            assertEquals(PasswordOnlyAccess.hba(List.of()), Files.readAllLines(hba, StandardCharsets.UTF_8));
            assertFalse(hostRules(db).stream().anyMatch(r -> r.startsWith("10.")), "the networks are gone again: " + hostRules(db));
        }
    }

    /** "address/netmask method" of every loaded host rule (pg_hba_file_rules: the owner is the superuser). */
    private static List<String> hostRules(SymphonyDatabase db) throws Exception {
        List<String> rules = new ArrayList<>();
        try (Connection c = db.ownerDataSource().getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT address, netmask, auth_method FROM pg_hba_file_rules WHERE type = 'host'")) {
            while (rs.next()) rules.add(rs.getString(1) + "/" + rs.getString(2) + " " + rs.getString(3));
        }
        return rules;
    }

    private static String show(SymphonyDatabase db, String setting) throws Exception {
        try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SHOW " + setting)) {
            rs.next();
            return rs.getString(1);
        }
    }
}
