package org.symphony.audit.supervision;

import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactory;
import io.r2dbc.spi.Readable;
import io.r2dbc.spi.Statement;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.function.Function;
import org.apache.pekko.NotUsed;
import org.apache.pekko.stream.javadsl.Source;
import reactor.core.publisher.Flux;

/**
 * Rows of a read-only query as a Pekko Streams source over R2DBC: demand flows back to the database driver, so a
 * large scan never piles up in memory and holds no thread while it waits. SQL uses JDBC's {@code ?} placeholders
 * (shared with the worker's JDBC queries), rewritten to PostgreSQL's {@code $n}.
 */
final class ReactiveRows {

  private final ConnectionFactory connections;

  ReactiveRows(ConnectionFactory connections) {
    this.connections = connections;
  }

  <T> Source<T, NotUsed> query(String sql, List<Object> args, Function<Readable, T> row) {
    String numbered = numbered(sql);
    Flux<T> rows = Flux.usingWhen(
        connections.create(),
        (Connection c) -> {
          Statement s = c.createStatement(numbered);
          for (int i = 0; i < args.size(); i++) s.bind(i, bindable(args.get(i)));
          return Flux.from(s.execute()).flatMap(result -> result.map(row::apply));
        },
        Connection::close);
    return Source.fromPublisher(rows);
  }

  static String numbered(String sql) {
    StringBuilder out = new StringBuilder(sql.length() + 8);
    int n = 0;
    for (char ch : sql.toCharArray()) {
      if (ch == '?') out.append('$').append(++n);
      else out.append(ch);
    }
    return out.toString();
  }

  private static Object bindable(Object arg) {
    if (arg == null) throw new IllegalArgumentException("bind no nulls: build the SQL without the condition");
    return arg instanceof Instant t ? OffsetDateTime.ofInstant(t, ZoneOffset.UTC) : arg;
  }

  static Instant instant(Readable r, int index) {
    OffsetDateTime t = r.get(index, OffsetDateTime.class);
    return t == null ? null : t.toInstant();
  }

  static long count(Readable r, int index) {
    Long n = r.get(index, Long.class);
    return n == null ? 0 : n;
  }
}
