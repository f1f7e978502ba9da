package org.symphony.node;

import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Callable;
import org.symphony.audit.gap.GapQuery;
import org.symphony.audit.gap.GapSettings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code symphony gap-report}: forwarded attestations with no recorded outcome after the grace period (INV-GAP). */
@Command(name = "gap-report", mixinStandardHelpOptions = true,
    description = "List forwarded attestations that have no outcome after the grace period. Exit 0 when there are none.")
final class GapReportCommand implements Callable<Integer> {

  @Option(names = "--home", description = "Node home whose dev.json names the database (default ~/.symphony).")
  Path home;

  @Option(names = "--db-url") String dbUrl;

  @Option(names = "--db-user") String dbUser;

  @Option(names = "--db-password") String dbPassword;

  @Option(names = "--limit", defaultValue = "100", description = "Most gaps listed (default 100).")
  int limit;

  @Override
  public Integer call() throws Exception {
    DatabaseLocation db =
        DatabaseLocation.resolve(dbUrl, dbUser, dbPassword, home != null ? home : DatabaseLocation.defaultHome());
    GapQuery query = new GapQuery(db.dataSource(), GapSettings.fromConfig(com.typesafe.config.ConfigFactory.load()), Clock.systemUTC());
    long count = query.count();
    System.out.println("attestation gap: " + count);
    for (var gap : query.gaps(Math.max(1, Math.min(limit, GapQuery.MAX_LIMIT))))
      System.out.println("GAP node=" + gap.nodeId() + " seq=" + gap.nodeSeq() + " request_id=" + gap.requestId()
          + " attestation_id=" + gap.attestationId() + " received_at=" + gap.receivedAt());
    return count == 0 ? 0 : 1;
  }
}
