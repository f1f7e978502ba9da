package org.symphony.persistence;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/**
 * The replication role's login (LOGIN REPLICATION, nothing else), generated once and kept owner-only (0600) beside
 * the standby's data directory, like the embedded server's own credentials.
 */
record ReplicationCredentials(String user, String password) {

    ReplicationCredentials {
        RoleNames.require(user);
        if (password == null || !password.matches("[A-Za-z0-9_-]{43,}"))
            throw new IllegalArgumentException("replication password must be a generated secret (base64url, at least 256 bits)");
    }

    /** {@code <standby-dir>-replication.properties}. */
    static Path fileFor(Path standbyDir) {
        Path absolute = standbyDir.toAbsolutePath().normalize();
        return absolute.resolveSibling(absolute.getFileName() + "-replication.properties");
    }

    /** Reads the file, or generates the password for {@code user} and writes it when there is none yet. */
    static ReplicationCredentials loadOrCreate(Path file, String user) {
        try {
            if (Files.exists(file)) {
                Properties p = EmbeddedCredentials.readOwnerOnly(file);
                if (!user.equals(p.getProperty("replication.user")))
                    throw new DatabaseStartException(file + " is for replication user " + p.getProperty("replication.user") + ", not " + user);
                return new ReplicationCredentials(user, p.getProperty("replication.password"));
            }
            ReplicationCredentials fresh = new ReplicationCredentials(user, EmbeddedCredentials.secret());
            Properties p = new Properties();
            p.setProperty("replication.user", fresh.user());
            p.setProperty("replication.password", fresh.password());
            EmbeddedCredentials.writeOwnerOnly(file, p, "Symphony's hot standby: the replication role's password (SCRAM-SHA-256). Keep this file private.");
            return fresh;
        } catch (IOException e) {
            throw new DatabaseStartException("Cannot read or write the replication credentials " + file + ": " + e.getMessage(), e);
        } catch (IllegalArgumentException e) {
            throw new DatabaseStartException(file + " is damaged: " + e.getMessage());
        }
    }

    @Override
    public String toString() {
        return "ReplicationCredentials[user=" + user + ", password=***]";
    }
}
