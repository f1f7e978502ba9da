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

    public static Outcome migrate(DataSource dataSource) {
        MigrateResult result = Flyway.configure()
                .dataSource(dataSource)
                .locations(LOCATION)
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
