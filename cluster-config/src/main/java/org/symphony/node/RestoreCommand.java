package org.symphony.node;

import com.typesafe.config.Config;
import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.symphony.persistence.DatabaseSettings;
import org.symphony.persistence.backup.BackupSettings;
import org.symphony.persistence.backup.PointInTimeRestore;
import org.symphony.persistence.backup.RestoreException;
import org.symphony.persistence.backup.RestoreRequest;
import org.symphony.persistence.backup.Restored;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code symphony restore --to TIME --target DIR}: the node's database as it was at TIME, in a fresh data directory:
 * the newest base backup that finished before TIME plus the archived WAL up to TIME, replayed by PostgreSQL 18 itself.
 * The restored server is stopped again afterwards (the directory is ready to start) unless --keep-running. Exit 0
 * restored, 1 not (one line on stderr).
 */
@Command(name = "restore", mixinStandardHelpOptions = true,
    description = "Point-in-time restore of the node's database into a fresh data directory, from its base backups and WAL archive.")
final class RestoreCommand implements Callable<Integer> {

  @Option(names = "--to", required = true, description = "The moment to restore to: an ISO-8601 instant (2026-12-03T18:30:00Z)"
      + " or date-time with offset (2026-12-03T20:30:00+02:00).")
  String to;

  @Option(names = "--target", required = true, description = "A fresh (absent or empty) directory for the restored data directory."
      + " Name it pg inside a new node home to run a node on it.")
  Path target;

  @Option(names = "--home", description = "The backed-up node's home (default SYMPHONY_HOME, else ~/.symphony).")
  Path home;

  @Option(names = "--backups", description = "The base backups (default: symphony.persistence.backup.dir, else <home>/backups).")
  Path backups;

  @Option(names = "--archive", description = "The WAL archive (default: symphony.persistence.embedded.wal-archive.dir, else"
      + " <home>/wal-archive).")
  Path archive;

  @Option(names = "--credentials", description = "The backed-up server's passwords (default <home>/pg-credentials.properties).")
  Path credentials;

  @Option(names = "--port", description = "Port of the restored server while it runs (default: a free one).")
  int port;

  @Option(names = "--keep-running", description = "Leave the restored server running until this command is stopped (Ctrl-C).")
  boolean keepRunning;

  @Override
  public Integer call() throws InterruptedException {
    Optional<Instant> time = parseTime(to);
    if (time.isEmpty())
      return BackupCommand.fail("unknown time format '" + to + "': give an ISO-8601 instant such as 2026-12-03T18:30:00Z");
    if (time.get().isAfter(Instant.now())) return BackupCommand.fail(to + " is in the future: nothing is archived after now");
    Path nodeHome = home != null ? home : DatabaseLocation.defaultHome();
    Config config = SymphonyNode.nodeConfig(NodeOptions.defaults(nodeHome), nodeHome);
    Path dataDir = nodeHome.resolve("pg");
    DatabaseSettings database = DatabaseSettings.fromConfig(config).withDataDir(dataDir).withPort(port);
    BackupSettings settings = BackupSettings.fromConfig(config);
    RestoreRequest request = new RestoreRequest(time.get(), target,
        backups != null ? backups : settings.directory(dataDir),
        archive != null ? archive : database.walArchive().directory(dataDir),
        credentials != null ? credentials : org.symphony.persistence.SymphonyDatabase.embeddedCredentialsFile(dataDir),
        database, settings.restoreTimeout(), keepRunning);
    Restored r;
    try {
      r = PointInTimeRestore.restore(request);
    } catch (RestoreException e) {
      return BackupCommand.fail(e.getMessage());
    } catch (RuntimeException e) {
      return BackupCommand.fail("restore into " + request.targetDir() + " failed: " + e.getMessage());
    }
    print(r, time.get());
    if (r.running().isPresent()) {
      var db = r.running().get();
      CountDownLatch stopped = new CountDownLatch(1);
      Runtime.getRuntime().addShutdownHook(new Thread(() -> {
        db.close();
        stopped.countDown();
      }, "restored-database-stop"));
      stopped.await();
    }
    return 0;
  }

  private static void print(Restored r, Instant time) {
    System.out.printf(Locale.ROOT, "restored to %s from base backup %s (finished %s) in %.1fs: %d WAL segments replayed, now on timeline %d%n",
        time, r.base().label(), r.base().stoppedAt(), r.took().toMillis() / 1000.0, r.walSegmentsReplayed(), r.timeline());
    System.out.println("data directory: " + r.dataDir() + " (its roles' passwords: " + r.credentialsFile() + ")");
    if (r.running().isPresent())
      System.out.println("running at " + r.jdbcUrl() + " until this command stops; point a node at it with SYMPHONY_DB_URL=" + r.jdbcUrl()
          + " SYMPHONY_DB_USER=postgres SYMPHONY_DB_PASSWORD=<owner.password in " + r.credentialsFile().getFileName() + ">");
    else
      System.out.println("the restored server is stopped. Run a node on it: a node home whose pg is " + r.dataDir()
          + " (with the original home's keys/ and client-secret key), or start it with --keep-running and set SYMPHONY_DB_URL");
  }

  /** An instant ("...Z") or a date-time with an offset; nothing that leaves the time zone to guess. */
  static Optional<Instant> parseTime(String text) {
    try {
      return Optional.of(Instant.parse(text.trim()));
    } catch (DateTimeParseException e) {
      try {
        return Optional.of(OffsetDateTime.parse(text.trim()).toInstant());
      } catch (DateTimeParseException e2) {
        return Optional.empty();
      }
    }
  }
}
