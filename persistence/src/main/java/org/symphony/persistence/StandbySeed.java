package org.symphony.persistence;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Turns a base-backup copy of the primary into a standby: standby.signal, and in postgresql.auto.conf where to stream
 * from (primary_conninfo with application_name, primary_slot_name). The primary's own replication settings are
 * dropped from the copy: a promoted standby that still named itself its synchronous standby would wait forever on
 * every commit.
 */
final class StandbySeed {

    static final String SIGNAL = "standby.signal";
    private static final String AUTO_CONF = "postgresql.auto.conf";
    /** Settings of the primary that must not follow it into the standby. */
    private static final Set<String> DROPPED = Set.of("synchronous_standby_names", "primary_conninfo", "primary_slot_name");

    private StandbySeed() {
    }

    /** The libpq connection string the standby streams with (its values are identifiers, a host and base64url). */
    static String conninfo(String host, int port, ReplicationCredentials role, String applicationName) {
        return "host=" + host + " port=" + port + " user=" + role.user() + " password=" + role.password()
                + " application_name=" + applicationName + " connect_timeout=5";
    }

    static void configure(Path dataDir, String conninfo, String slot) throws IOException {
        Path auto = dataDir.resolve(AUTO_CONF);
        List<String> lines = new ArrayList<>();
        if (Files.exists(auto)) {
            for (String line : Files.readAllLines(auto, StandardCharsets.UTF_8)) {
                String name = line.split("=", 2)[0].trim();
                if (!DROPPED.contains(name)) lines.add(line);
            }
        }
        lines.add("primary_conninfo = '" + conninfo + "'");
        lines.add("primary_slot_name = '" + slot + "'");
        Path tmp = dataDir.resolve(AUTO_CONF + ".symphony-tmp");
        Files.write(tmp, lines, StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
        Files.move(tmp, auto, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        if (!Files.exists(dataDir.resolve(SIGNAL))) Files.createFile(dataDir.resolve(SIGNAL));
        // PostgreSQL refuses a data directory others may read.
        Files.setPosixFilePermissions(dataDir, PosixFilePermissions.fromString("rwx------"));
    }

    /**
     * The primary's credentials file copied beside the standby's directory: the roles and their passwords are in the
     * copied catalog, so a node pointed at the promoted standby logs in as before.
     */
    static void copyCredentials(Path primaryDataDir, Path standbyDataDir) throws IOException {
        Path from = EmbeddedCredentials.fileFor(primaryDataDir);
        if (!Files.exists(from))
            throw new IOException("the primary's credentials " + from + " are missing (an ephemeral primary cannot have a standby)");
        EmbeddedCredentials.writeOwnerOnly(EmbeddedCredentials.fileFor(standbyDataDir), EmbeddedCredentials.readOwnerOnly(from),
                "A copy of the primary's credentials (its roles are in the standby's copied catalog). Keep this file private.");
    }
}
