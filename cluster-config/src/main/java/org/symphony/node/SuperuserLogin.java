package org.symphony.node;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Properties;
import org.postgresql.ds.PGSimpleDataSource;
import org.symphony.persistence.SymphonyDatabase;

/**
 * A superuser login for `symphony backup` (the backup API needs one): --db-url with its user and password, else
 * SYMPHONY_DB_URL with SYMPHONY_DB_USER/PASSWORD (an external database: the DBA's superuser), else the running node
 * of the home: the URL from its dev.json, the superuser from its owner-only pg-credentials.properties.
 */
record SuperuserLogin(String url, String user, String password) {

  private static final int CONNECT_TIMEOUT_SECONDS = 10;

  static SuperuserLogin resolve(String url, String user, String password, Path home, Path dataDir) throws IOException {
    if (url != null && !url.isBlank()) return new SuperuserLogin(url, user, password);
    String env = System.getenv("SYMPHONY_DB_URL");
    if (env != null && !env.isBlank())
      return new SuperuserLogin(env, System.getenv("SYMPHONY_DB_USER"), System.getenv("SYMPHONY_DB_PASSWORD"));
    var dev = DevCredentials.readPrevious(home.resolve("dev.json"))
        .orElseThrow(() -> new IOException("no database given: use --db-url, set SYMPHONY_DB_URL, or run a node with home " + home));
    Path file = SymphonyDatabase.embeddedCredentialsFile(dataDir);
    if (!Files.isRegularFile(file)) throw new IOException("no superuser credentials: " + file + " is missing");
    Properties p = new Properties();
    try (Reader in = Files.newBufferedReader(file)) {
      p.load(in);
    }
    return new SuperuserLogin(dev.path("db_url").asText(), p.getProperty("owner.user"), p.getProperty("owner.password"));
  }

  Connection connect() throws SQLException {
    PGSimpleDataSource ds = new PGSimpleDataSource();
    ds.setUrl(url);
    if (user != null && !user.isBlank()) ds.setUser(user);
    if (password != null && !password.isBlank()) ds.setPassword(password);
    ds.setConnectTimeout(CONNECT_TIMEOUT_SECONDS);
    return ds.getConnection();
  }
}
