package org.symphony.node;

import com.typesafe.config.Config;
import java.io.IOException;
import java.io.PrintStream;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.symphony.persistence.DatabaseSettings;
import org.symphony.persistence.DatabaseStartException;
import org.symphony.persistence.HotStandby;
import org.symphony.persistence.PrimaryLogin;
import org.symphony.persistence.ReplicationPrimary;
import org.symphony.persistence.StandbySettings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code symphony standby}: a hot standby PostgreSQL 18 of a running node's embedded database, in the foreground until
 * Ctrl-C. Seeded from the primary on first start (base backup), streaming afterwards; with --synchronous the primary
 * waits for it on every commit, and is made asynchronous again when the standby stops (else the node would stop
 * committing). Promotion is the operator's: {@code SELECT pg_promote()} on the standby as the superuser.
 */
@Command(name = "standby", mixinStandardHelpOptions = true,
    description = "Run a hot standby PostgreSQL 18 of a running node's embedded database (streaming replication; --synchronous"
        + " for RPO = 0) until Ctrl-C.")
final class StandbyCommand implements Callable<Integer> {

  static final int CANNOT_START = 2;

  @Option(names = "--home", description = "The running node's home (dev.json, pg-credentials.properties; default ~/.symphony or SYMPHONY_HOME).")
  Path home;

  @Option(names = "--dir", description = "The standby's data directory (default: <home>/pg-standby).")
  Path dir;

  @Option(names = "--port", description = "The standby's port (default: symphony.persistence.standby.port; 0 = any free port).")
  Integer port;

  @Option(names = "--synchronous", description = "Make the primary wait for this standby on every commit while it runs.")
  boolean synchronous;

  @Override
  public Integer call() throws Exception {
    PrintStream err = System.err;
    Path nodeHome = home != null ? home : DatabaseLocation.defaultHome();
    Config config = SymphonyNode.nodeConfig(NodeOptions.defaults(nodeHome), nodeHome);
    StandbySettings settings = StandbySettings.fromConfig(config).withDataDir(dir != null ? dir : nodeHome.resolve("pg-standby"));
    if (port != null) settings = settings.withPort(port);
    HotStandby standby;
    try {
      standby = HotStandby.start(settings, DatabaseSettings.fromConfig(config), primary(nodeHome));
    } catch (IllegalArgumentException | IOException | DatabaseStartException e) {
      err.println("symphony standby: " + firstLine(e.getMessage()));
      return CANNOT_START;
    }
    CountDownLatch stopped = new CountDownLatch(1);
    HotStandby running = standby;
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      try {
        if (synchronous) asynchronousAgain(running, err);
        running.close();
      } finally {
        stopped.countDown();
      }
    }, "symphony-standby-shutdown"));
    PrintStream out = System.out;
    if (synchronous) out.println("The primary now waits for this standby on every commit: " + standby.makeSynchronous());
    out.println();
    out.println("Hot standby " + standby.applicationName() + " is up.");
    out.println("  data dir     " + standby.dataDir());
    out.println("  database     " + standby.jdbcUrl() + " (read-only until promoted)");
    out.println("  promote      SELECT pg_promote(); as the superuser of " + credentialsFile(nodeHome));
    out.println("  a node that follows a promotion: SYMPHONY_DB_URL=jdbc:postgresql://<primary>,localhost:" + standby.port()
        + "/symphony?targetServerType=primary (an external-database node: an embedded one would restart its old primary)");
    out.println("Stop with Ctrl-C.");
    out.flush();
    stopped.await();
    return 0;
  }

  /** The node's embedded database as its superuser: dev.json's URL, pg-credentials.properties' owner. */
  private static PrimaryLogin primary(Path home) throws IOException {
    var dev = DevCredentials.readPrevious(home.resolve("dev.json"))
        .orElseThrow(() -> new IllegalArgumentException("no dev.json in " + home + ": start the node first (symphony run --home " + home + ")"));
    Path file = credentialsFile(home);
    if (!Files.exists(file)) throw new IllegalArgumentException(file + " is missing: the node in " + home + " has no embedded database");
    Properties credentials = new Properties();
    try (Reader in = Files.newBufferedReader(file)) {
      credentials.load(in);
    }
    return new PrimaryLogin(dev.path("db_url").asText(), credentials.getProperty("owner.user"), credentials.getProperty("owner.password"));
  }

  private static void asynchronousAgain(HotStandby standby, PrintStream err) {
    try (Connection c = standby.primaryLogin().connect()) {
      ReplicationPrimary.makeAsynchronous(c);
    } catch (SQLException e) {
      err.println("symphony standby: could not make the primary asynchronous again (" + firstLine(e.getMessage())
          + "): it waits for this standby until synchronous_standby_names is reset");
    }
  }

  /** Where a node home keeps its embedded database's credentials (beside its data directory, pg). */
  private static Path credentialsFile(Path home) {
    return home.resolve("pg-credentials.properties");
  }

  private static String firstLine(String message) {
    return message == null ? "" : message.lines().findFirst().orElse("");
  }
}
