package org.symphony.node;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * How a command that reads a node's database (gap-report, verify-chain, evidence-bundle, ledger-rebuild) finds it, as
 * the node's own role: --db-url, else SYMPHONY_DB_URL, else the dev.json of the node home (--home, else SYMPHONY_HOME,
 * else ~/.symphony).
 */
final class NodeDatabaseOptions {

  @Option(names = "--home", description = "Node home whose dev.json names the database (default: SYMPHONY_HOME, else ~/.symphony).")
  Path home;

  @Option(names = "--db-url", description = "JDBC URL of the database (default: SYMPHONY_DB_URL, else the home's dev.json).")
  String dbUrl;

  @Option(names = "--db-user") String dbUser;

  @Option(names = "--db-password") String dbPassword;

  Path home() {
    return home != null ? home : DatabaseLocation.defaultHome();
  }

  /** @throws IllegalArgumentException when nothing names a database */
  DatabaseLocation location() {
    return DatabaseLocation.resolve(dbUrl, dbUser, dbPassword, home());
  }
}
