package org.symphony.audit.readmodel;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import javax.sql.DataSource;
import org.apache.pekko.Done;

/** Reads of the instruction read model. Blocking JDBC on the given executor, never on the caller's thread. */
public final class ReadModelQueries {

  /** A ledger query answers at most this many accounts. */
  public static final int MAX_ACCOUNTS = 1_000;

  private final DataSource dataSource;
  private final Executor blocking;

  public ReadModelQueries(DataSource dataSource, Executor blocking) {
    this.dataSource = dataSource;
    this.blocking = blocking;
  }

  /** The instruction whose rail idempotency key this is, once the projection has seen its acceptance. */
  public CompletionStage<Optional<String>> instructionForRailKey(String railKey) {
    return query(c -> {
      try (PreparedStatement ps = c.prepareStatement("SELECT instruction_id FROM instruction_status WHERE rail_key = ?")) {
        ps.setString(1, railKey);
        try (ResultSet rs = ps.executeQuery()) {
          return rs.next() ? Optional.of(rs.getString(1)) : Optional.<String>empty();
        }
      }
    });
  }

  /** An instruction as the rail-key index knows it: its id and its status in the read model. */
  public record RailKeyEntry(String instructionId, String status) {}

  /**
   * The indexed instructions among these rail keys, in one query (rail callbacks are resolved in batches);
   * keys not indexed are left out. The caller bounds how many keys it asks for.
   */
  public CompletionStage<java.util.Map<String, RailKeyEntry>> instructionsForRailKeys(java.util.Collection<String> railKeys) {
    return query(c -> {
      try (PreparedStatement ps =
          c.prepareStatement("SELECT rail_key, instruction_id, status FROM instruction_status WHERE rail_key = ANY (?)")) {
        ps.setArray(1, c.createArrayOf("text", railKeys.toArray()));
        java.util.Map<String, RailKeyEntry> found = new java.util.HashMap<>();
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) found.put(rs.getString(1), new RailKeyEntry(rs.getString(2), rs.getString(3)));
        }
        return found;
      }
    });
  }

  /** Balances per account and currency; accounts filtered by prefix ("" = all), at most {@link #MAX_ACCOUNTS}. */
  public CompletionStage<List<LedgerBalance>> balances(String accountPrefix) {
    return query(c -> {
      try (PreparedStatement ps = c.prepareStatement(
          "SELECT account, currency, sum(amount_minor), count(*) FROM ledger_line WHERE account LIKE ? ESCAPE '\\'"
              + " GROUP BY account, currency ORDER BY account, currency LIMIT " + MAX_ACCOUNTS)) {
        ps.setString(1, likePrefix(accountPrefix));
        List<LedgerBalance> out = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) out.add(new LedgerBalance(rs.getString(1), rs.getString(2), rs.getLong(3), rs.getLong(4)));
        }
        return out;
      }
    });
  }

  /** Instructions whose ledger lines do not sum to zero (must be none: INV-LEDGER). */
  public CompletionStage<Long> unbalancedInstructions() {
    return query(c -> {
      try (Statement st = c.createStatement();
           ResultSet rs = st.executeQuery(
               "SELECT count(*) FROM (SELECT instruction_id FROM ledger_line GROUP BY instruction_id HAVING sum(amount_minor) <> 0) u")) {
        rs.next();
        return rs.getLong(1);
      }
    });
  }

  /** Empties the read model (for a rebuild: only with the projection paused). */
  CompletionStage<Done> truncate() {
    return query(c -> {
      try (Statement st = c.createStatement()) {
        st.execute("TRUNCATE instruction_status, ledger_line");
      }
      return Done.getInstance();
    });
  }

  private static String likePrefix(String prefix) {
    return prefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
  }

  private interface Query<T> {
    T run(Connection c) throws SQLException;
  }

  private <T> CompletionStage<T> query(Query<T> q) {
    return CompletableFuture.supplyAsync(() -> {
      try (Connection c = dataSource.getConnection()) {
        return q.run(c);
      } catch (SQLException e) {
        throw new ReadModelUnavailable(e);
      }
    }, blocking);
  }

  /** The read model could not be read (database down); callers answer 503, never 500. */
  public static final class ReadModelUnavailable extends RuntimeException {
    ReadModelUnavailable(SQLException cause) {
      super("read model unavailable: " + cause.getMessage(), cause);
    }
  }
}
