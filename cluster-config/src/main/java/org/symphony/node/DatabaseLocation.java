package org.symphony.node;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import javax.sql.DataSource;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * Where an offline command (verify-chain, gap-report) finds the node's database: --db-url, else
 * SYMPHONY_DB_URL, else the running dev node's dev.json in the node's home.
 */
record DatabaseLocation(String url, String user, String password, boolean fromDevJson) {

  static DatabaseLocation resolve(String url, String user, String password, Path home) {
    if (url != null && !url.isBlank()) return new DatabaseLocation(url, user, password, false);
    String env = System.getenv("SYMPHONY_DB_URL");
    if (env != null && !env.isBlank())
      return new DatabaseLocation(env, System.getenv("SYMPHONY_DB_USER"), System.getenv("SYMPHONY_DB_PASSWORD"), false);
    JsonNode dev =
        DevCredentials.readPrevious(home.resolve("dev.json"))
            .orElseThrow(() -> new IllegalArgumentException(
                "no database given: use --db-url, set SYMPHONY_DB_URL, or run a node with home " + home));
    return new DatabaseLocation(dev.path("db_url").asText(), dev.path("db_user").asText(), dev.path("db_password").asText(), true);
  }

  DataSource dataSource() {
    PGSimpleDataSource ds = new PGSimpleDataSource();
    ds.setUrl(url);
    if (user != null && !user.isBlank()) ds.setUser(user);
    if (password != null && !password.isBlank()) ds.setPassword(password);
    ds.setConnectTimeout(10);
    return ds;
  }

  static Path defaultHome() {
    String env = System.getenv("SYMPHONY_HOME");
    return env != null && !env.isBlank() ? Path.of(env) : Path.of(System.getProperty("user.home"), ".symphony");
  }
}
