package org.symphony.node;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.symphony.audit.reconcile.SequenceHole;
import org.symphony.audit.reconcile.Zombie;
import org.symphony.audit.supervision.GapAnalysis;
import org.symphony.audit.supervision.GapReport;
import org.symphony.audit.supervision.GapWindow;
import org.symphony.audit.supervision.ParticipantGaps;
import org.symphony.audit.supervision.SupervisionJson;
import org.symphony.persistence.ReactivePool;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code symphony gap-report}: the gap analysis of {@code GET /supervisor/gaps}, from the database directly (the same
 * code and SQL). Exit 0 only when nothing is open: no unreconciled attestation, ghost, sequence hole, zombie or
 * open incident.
 */
@Command(name = "gap-report", mixinStandardHelpOptions = true,
    description = "Per participant: attestation gap (ingress, accounted, open ghosts), sequence holes, zombies, open incidents."
        + " Exit 0 only when nothing is open, 1 otherwise.")
final class GapReportCommand implements Callable<Integer> {

  @Mixin NodeDatabaseOptions database;

  @Option(names = "--json", description = "The report as JSON (the same document as GET /supervisor/gaps).")
  boolean json;

  @Option(names = "--participant", description = "Only this participant.") String participant;

  @Option(names = "--from", description = "Window start (ISO-8601 instant).") Instant from;

  @Option(names = "--to", description = "Window end (ISO-8601 instant, exclusive).") Instant to;

  /** Durations as the configuration writes them ("30s", "2m") or ISO-8601 ("PT30S"). */
  static final class DurationText implements picocli.CommandLine.ITypeConverter<Duration> {
    @Override
    public Duration convert(String value) {
      if (value.startsWith("P") || value.startsWith("p")) return Duration.parse(value);
      return ConfigFactory.parseString("d = \"" + value.replace("\"", "") + "\"").getDuration("d");
    }
  }

  @Option(names = "--grace", converter = DurationText.class,
      description = "Attestations younger than this are not yet gaps (default: the node's, from its dev.json, else symphony.audit.gap.grace).")
  Duration grace;

  @Option(names = "--zombie-after", converter = DurationText.class, description = "Open instructions without progress this long are zombies (default: the node's setting).")
  Duration zombieAfter;

  @Override
  public Integer call() throws Exception {
    Path nodeHome = database.home();
    DatabaseLocation db = database.location();
    GapReport report = analyse(db, nodeHome, new GapWindow(participant, from, to), grace, zombieAfter);
    if (json) System.out.println(SupervisionJson.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(SupervisionJson.gapReport(report)));
    else print(report, System.out);
    return report.clean() ? 0 : 1;
  }

  /**
   * The node's own answer: grace and zombie bound from its dev.json unless given (null), else the reference
   * configuration's. Used by {@code gap-report} and {@code evidence-bundle}.
   */
  static GapReport analyse(DatabaseLocation db, Path nodeHome, GapWindow window, Duration grace, Duration zombieAfter) throws Exception {
    Config config = ConfigFactory.parseString("pekko.actor.provider = local\npekko.loglevel = WARNING\npekko.stdout-loglevel = WARNING")
        .withFallback(ConfigFactory.load());
    var node = DevCredentials.readPrevious(nodeHome.resolve("dev.json")).map(j -> j.path("supervision"));
    Duration g = grace != null ? grace
        : node.map(n -> n.path("gap_grace").asText("")).filter(t -> !t.isBlank()).map(Duration::parse)
            .orElse(config.getDuration("symphony.audit.gap.grace"));
    Duration z = zombieAfter != null ? zombieAfter
        : node.map(n -> n.path("zombie_after").asText("")).filter(t -> !t.isBlank()).map(Duration::parse)
            .orElse(config.getDuration("symphony.audit.reconciliation.zombie-after"));
    ActorSystem<Void> system = ActorSystem.create(Behaviors.empty(), "gap-report", config);
    try (ReactivePool pool = ReactivePool.of(db.url(), db.user(), db.password(), 2, Duration.ofMinutes(5))) {
      return new GapAnalysis(pool.connections(), system, Clock.systemUTC(), g, z)
          .report(window)
          .toCompletableFuture().get(10, TimeUnit.MINUTES);
    } finally {
      system.terminate();
      system.getWhenTerminated().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
  }

  static void print(GapReport r, PrintStream out) {
    out.printf("Gap report at %s (grace %ss)%s%n", r.generatedAt(), r.grace().toSeconds(), r.clean() ? ": nothing open" : ": OPEN ITEMS");
    String format = "%-16s %-22s %8s %8s %8s %10s %12s %7s %6s %8s %10s%n";
    out.printf(format, "participant", "status", "ingress", "rejected", "outcome", "accounted", "unreconciled", "ghosts", "holes",
        "zombies", "incidents");
    for (ParticipantGaps p : r.participants())
      out.printf(format, p.participantId(), p.status(), p.ingress(), p.rejected(), p.withOutcome(), p.accounted(), p.unreconciled(),
          p.openGhosts(), p.missingSequenceIds(), p.zombies().size(), p.openIncidents());
    var t = r.totals();
    out.printf(format, "TOTAL", "", t.ingress(), t.rejected(), t.withOutcome(), t.accounted(), t.unreconciled(), t.openGhosts(),
        t.sequenceHoles(), t.zombies(), t.openIncidents());
    out.printf("accounted: %d by their own instruction, %d by a retry, %d abandoned by two operators%n",
        t.accountedByInstruction(), t.accountedByRetry(), t.abandoned());
    for (ParticipantGaps p : r.participants()) {
      for (SequenceHole h : p.sequenceHoles())
        out.printf("HOLE   %s sequence ids %d..%d missing (between %d and %d)%n", p.participantId(), h.first(), h.last(), h.before(), h.after());
      for (Zombie z : p.zombies())
        out.printf("ZOMBIE %s instruction %s %s since %s%n", p.participantId(), z.instructionId(), z.status(), z.since());
    }
  }
}
