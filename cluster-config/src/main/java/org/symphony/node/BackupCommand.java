package org.symphony.node;

import com.typesafe.config.Config;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.symphony.persistence.backup.BackupManifest;
import org.symphony.persistence.backup.BackupSettings;
import org.symphony.persistence.backup.Backups;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code symphony backup}: a base backup of the node's database now, through PostgreSQL's backup API, into the backup
 * directory (default {@code <home>/backups/<UTC time>/}). Needs a superuser, a data directory this machine can read,
 * and WAL archiving on (without the archived WAL a base backup cannot be restored). Exit 0 done, 1 failed (one line
 * on stderr).
 */
@Command(name = "backup", mixinStandardHelpOptions = true,
    description = "Take a base backup of the node's PostgreSQL (pg_backup_start/pg_backup_stop) into <home>/backups/<UTC time>/.")
final class BackupCommand implements Callable<Integer> {

  @Option(names = "--home", description = "Node home: its dev.json names the database, its pg-credentials.properties the superuser"
      + " (default SYMPHONY_HOME, else ~/.symphony).")
  Path home;

  @Option(names = "--db-url", description = "JDBC URL of the database (default: SYMPHONY_DB_URL, else the node's dev.json).")
  String dbUrl;

  @Option(names = "--db-user", description = "A superuser (with --db-url).") String dbUser;

  @Option(names = "--db-password") String dbPassword;

  @Option(names = "--data-dir", description = "The server's data directory as this machine sees it (default: <home>/pg for"
      + " the embedded database, else the server's data_directory).")
  Path dataDir;

  @Option(names = "--backups", description = "Where backups go (default: symphony.persistence.backup.dir, else <home>/backups).")
  Path backups;

  @Override
  public Integer call() {
    Path nodeHome = home != null ? home : DatabaseLocation.defaultHome();
    Config config = SymphonyNode.nodeConfig(NodeOptions.defaults(nodeHome), nodeHome);
    Path embeddedDataDir = nodeHome.resolve("pg");
    BackupSettings settings = BackupSettings.fromConfig(config);
    Path into = backups != null ? backups.toAbsolutePath().normalize() : settings.directory(embeddedDataDir);
    SuperuserLogin login;
    try {
      login = SuperuserLogin.resolve(dbUrl, dbUser, dbPassword, nodeHome, embeddedDataDir);
    } catch (IOException e) {
      return fail(e.getMessage());
    }
    try (Connection c = login.connect()) {
      Path source = dataDir != null ? dataDir : usesHomeDatabase() ? embeddedDataDir : Path.of(show(c, "data_directory"));
      if (!Files.isDirectory(source))
        return fail("the server's data directory " + source + " is not readable here: run the backup on the database's machine"
            + " (or give --data-dir)");
      String writable = writableOrWhy(into);
      if (writable != null) return fail("cannot write backups into " + into + ": " + writable);
      long started = System.nanoTime();
      BackupManifest m = Backups.takeInto(c, source, into, Clock.systemUTC(), settings.archiveWaitTimeout());
      double seconds = Duration.ofNanos(System.nanoTime() - started).toMillis() / 1000.0;
      System.out.printf(Locale.ROOT, "base backup %s in %s: %d files, %d bytes, WAL %s..%s, %.1fs%n", m.label(), m.directory(),
          m.files(), m.bytes(), m.startLsn(), m.stopLsn(), seconds);
      System.out.println("restore with: symphony restore --to <ISO-8601 time after " + m.stoppedAt() + "> --target <fresh dir>"
          + (home != null ? " --home " + nodeHome : ""));
      return 0;
    } catch (SQLException e) {
      return fail("cannot back up the database at " + withoutQuery(login.url()) + ": " + firstLine(e.getMessage()));
    } catch (Backups.NotArchivingException e) {
      return fail(e.getMessage());
    } catch (IOException | RuntimeException e) {
      return fail("base backup into " + into + " failed: " + firstLine(String.valueOf(e.getMessage())));
    }
  }

  private boolean usesHomeDatabase() {
    return (dbUrl == null || dbUrl.isBlank()) && (System.getenv("SYMPHONY_DB_URL") == null || System.getenv("SYMPHONY_DB_URL").isBlank());
  }

  /** Null when a file can be created in {@code dir} (created if missing), else why not. */
  static String writableOrWhy(Path dir) {
    try {
      Files.createDirectories(dir);
      Path probe = Files.createTempFile(dir, ".write-probe", "");
      Files.delete(probe);
      return null;
    } catch (java.nio.file.FileAlreadyExistsException e) {
      return "it is a file";
    } catch (java.nio.file.AccessDeniedException e) {
      return "permission denied";
    } catch (java.nio.file.FileSystemException e) {
      return e.getReason() != null ? e.getReason() : String.valueOf(e.getMessage());
    } catch (IOException | SecurityException e) {
      return String.valueOf(e.getMessage());
    }
  }

  static String firstLine(String message) {
    if (message == null) return "";
    int nl = message.indexOf('\n');
    return nl < 0 ? message : message.substring(0, nl);
  }

  static int fail(String message) {
    System.err.println("symphony: " + firstLine(message));
    return 1;
  }

  private static String show(Connection c, String setting) throws SQLException {
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SHOW " + setting)) {
      rs.next();
      return rs.getString(1);
    }
  }

  /** A JDBC URL without its parameters (they may carry a password). */
  static String withoutQuery(String url) {
    int q = url.indexOf('?');
    return q < 0 ? url : url.substring(0, q);
  }
}
