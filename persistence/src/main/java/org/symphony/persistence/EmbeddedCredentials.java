package org.symphony.persistence;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Properties;
import java.util.Set;

/**
 * The embedded server's two password-authenticated roles: the owner (the {@value EmbeddedServer#SUPERUSER} superuser:
 * migrations, partition DDL, and the only role that can edit the chain) and the runtime role the node's pools use.
 * Generated once (SecureRandom, 256 bits each) and kept owner-only (0600) next to the data directory; reused on
 * every start. An ephemeral server keeps them in memory only.
 */
record EmbeddedCredentials(String ownerUser, String ownerPassword, String runtimeUser, String runtimePassword) {

    static final String RUNTIME_USER = "symphony_node";
    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedCredentials.class);
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");
    private static final int SECRET_BYTES = 32;
    private static final SecureRandom RANDOM = new SecureRandom();

    EmbeddedCredentials {
        RoleNames.require(ownerUser);
        RoleNames.require(runtimeUser);
        if (ownerUser.equals(runtimeUser)) throw new IllegalArgumentException("owner and runtime roles must differ");
        requirePassword(ownerPassword, "owner.password");
        requirePassword(runtimePassword, "runtime.password");
    }

    /** {@code <data-dir>-credentials.properties}: beside the data directory (initdb wants that one to itself). */
    static Path fileFor(Path dataDir) {
        Path absolute = dataDir.toAbsolutePath().normalize();
        return absolute.resolveSibling(absolute.getFileName() + "-credentials.properties");
    }

    static EmbeddedCredentials generate() {
        return new EmbeddedCredentials(EmbeddedServer.SUPERUSER, secret(), RUNTIME_USER, secret());
    }

    /** Reads {@code file}, or generates the credentials and writes it (0600) when it does not exist yet. */
    static EmbeddedCredentials loadOrCreate(Path file) {
        try {
            if (Files.exists(file)) return load(file);
            EmbeddedCredentials fresh = generate();
            fresh.write(file);
            LOG.info("Generated the embedded database's passwords in {}", file);
            return fresh;
        } catch (IOException e) {
            throw new DatabaseStartException("Cannot read or write the embedded database's credentials " + file + ": " + e.getMessage(), e);
        }
    }

    private static EmbeddedCredentials load(Path file) throws IOException {
        Properties p = readOwnerOnly(file);
        try {
            return new EmbeddedCredentials(p.getProperty("owner.user"), p.getProperty("owner.password"),
                    p.getProperty("runtime.user"), p.getProperty("runtime.password"));
        } catch (IllegalArgumentException e) {
            throw new DatabaseStartException(file + " is damaged: " + e.getMessage());
        }
    }

    /** Reads a secrets file, first making it owner-only (0600) if it was not. */
    static Properties readOwnerOnly(Path file) throws IOException {
        Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(file);
        if (!permissions.equals(OWNER_ONLY)) {
            LOG.warn("{} was readable by others ({}); now owner-only", file, PosixFilePermissions.toString(permissions));
            Files.setPosixFilePermissions(file, OWNER_ONLY);
        }
        Properties p = new Properties();
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(in);
        }
        return p;
    }

    private void write(Path file) throws IOException {
        Properties p = new Properties();
        p.setProperty("owner.user", ownerUser);
        p.setProperty("owner.password", ownerPassword);
        p.setProperty("runtime.user", runtimeUser);
        p.setProperty("runtime.password", runtimePassword);
        writeOwnerOnly(file, p, "Symphony's embedded PostgreSQL (SCRAM-SHA-256). owner: migrations and DDL, the only role that can "
                + "change the attestation chain; runtime: the node's own role (dev.json's db_user). Keep this file private.");
    }

    /** Writes a secrets file owner-only (0600) from its first byte, replacing it atomically. */
    static void writeOwnerOnly(Path file, Properties p, String comment) throws IOException {
        Files.createDirectories(file.getParent());
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.deleteIfExists(tmp);
        Files.createFile(tmp, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
        try (Writer out = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
            p.store(out, comment);
        }
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    /** A generated password: 256 random bits, base64url (safe inside ALTER ROLE … PASSWORD and conninfo strings). */
    static String secret() {
        byte[] bytes = new byte[SECRET_BYTES];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static void requirePassword(String password, String name) {
        // Generated passwords are base64url; anything else would need quoting in ALTER ROLE … PASSWORD.
        if (password == null || !password.matches("[A-Za-z0-9_-]{43,}")) {
            throw new IllegalArgumentException(name + " must be a generated secret (base64url, at least 256 bits)");
        }
    }

    @Override
    public String toString() {
        return "EmbeddedCredentials[owner=" + ownerUser + ", runtime=" + runtimeUser + ", passwords=***]";
    }
}
