package org.symphony.persistence;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;

import javax.sql.DataSource;

/**
 * Brings the schema up to date with the Flyway scripts in {@value #LOCATION}. Safe to run on every node start and
 * from several nodes at once (Flyway serialises them with a PostgreSQL advisory lock); a second run is a no-op.
 */
public final class Migrations {

    public static final String LOCATION = "classpath:db/migration";

    /** What a migrate run did: schema version before and after, and how many scripts it applied. */
    public record Outcome(String fromVersion, String toVersion, int applied) {
    }

    private Migrations() {
    }

    /** The placeholder naming the node's runtime role in the scripts (V6 grants it its rights). */
    public static final String RUNTIME_ROLE = "runtime_role";

    /**
     * @param owner       connections as the role that owns (or will own) the schema
     * @param runtimeRole the role the node's pools log in as; the owner's own name when there is no separate one
     */
    public static Outcome migrate(DataSource owner, String runtimeRole) {
        if (runtimeRole == null || runtimeRole.isBlank()) throw new IllegalArgumentException("runtimeRole must be given");
        MigrateResult result = Flyway.configure()
                .dataSource(owner)
                .locations(LOCATION)
                // Versioned scripts are checksummed before placeholders are replaced: the role may differ per installation.
                // The value lands inside a string literal there; double any quote.
                .placeholders(java.util.Map.of(RUNTIME_ROLE, runtimeRole.replace("'", "''")))
                .failOnMissingLocations(true)
                .validateMigrationNaming(true)
                // The schema holds the journal and the attestation chain: never let a tool wipe it.
                .cleanDisabled(true)
                .load()
                .migrate();
        // Flyway reports no target version when nothing was applied: the schema stayed where it was.
        String to = result.targetSchemaVersion != null ? result.targetSchemaVersion : result.initialSchemaVersion;
        return new Outcome(result.initialSchemaVersion, to, result.migrationsExecuted);
    }
}
