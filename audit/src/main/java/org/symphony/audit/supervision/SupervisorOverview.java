package org.symphony.audit.supervision;

import io.r2dbc.spi.ConnectionFactory;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.stream.javadsl.Sink;

/** Builds the dashboard's overview from the gap analysis, the instructions' outcomes and the chain's status. */
public final class SupervisorOverview {

  private final GapAnalysis gaps;
  private final ReactiveRows rows;
  private final ActorSystem<?> system;
  private final Supplier<ChainStatus> chain;

  public SupervisorOverview(GapAnalysis gaps, ConnectionFactory connections, ActorSystem<?> system, Supplier<ChainStatus> chain) {
    this.gaps = gaps;
    this.rows = new ReactiveRows(connections);
    this.system = system;
    this.chain = chain;
  }

  public CompletionStage<Overview> overview() {
    var report = gaps.report(GapWindow.ALL).toCompletableFuture();
    var outcomes = outcomes().toCompletableFuture();
    var checkpoint = lastCheckpoint().toCompletableFuture();
    var repair = repair().toCompletableFuture();
    return CompletableFuture.allOf(report, outcomes, checkpoint, repair).thenApply(all -> new Overview(
        report.join().generatedAt(),
        chain.get().withCheckpoint(checkpoint.join().orElse(null)),
        participants(report.join(), outcomes.join()),
        repair.join()));
  }

  private static List<ParticipantHealth> participants(GapReport report, Map<String, Map<String, Long>> outcomes) {
    List<ParticipantHealth> out = new ArrayList<>();
    for (ParticipantGaps p : report.participants()) {
      Map<String, Long> byStatus = outcomes.getOrDefault(p.participantId(), Map.of());
      long unaccounted = p.unreconciled() + p.openGhosts() + p.missingSequenceIds();
      out.add(new ParticipantHealth(
          p.participantId(), p.status(), p.ingress(),
          byStatus.getOrDefault("SUCCEEDED", 0L), byStatus.getOrDefault("FAILED", 0L),
          byStatus.getOrDefault("REJECTED", 0L) + p.rejected(),
          p.openGhosts(), p.openInterventions(), ParticipantHealth.integrityScore(p.ingress(), unaccounted), p.sequenceHoles()));
    }
    return out;
  }

  private CompletionStage<Map<String, Map<String, Long>>> outcomes() {
    return rows.query("SELECT participant_id, status, count(*) FROM instruction_status GROUP BY participant_id, status", List.of(),
            r -> new Object[] {r.get(0, String.class), r.get(1, String.class), ReactiveRows.count(r, 2)})
        .runWith(Sink.fold(new HashMap<String, Map<String, Long>>(), (m, row) -> {
          m.computeIfAbsent((String) row[0], k -> new HashMap<>()).put((String) row[1], (Long) row[2]);
          return m;
        }), system)
        .thenApply(m -> m);
  }

  /** Per kind: open, resolved, mean and longest time to repair (MTTR) of the resolved ones. */
  private CompletionStage<List<IncidentRepair>> repair() {
    String sql = "SELECT i.kind, count(*) FILTER (WHERE r.incident_id IS NULL), count(r.incident_id),"
        + " avg(extract(epoch FROM r.resolved_at - i.created_at))::float8, max(extract(epoch FROM r.resolved_at - i.created_at))::float8"
        + " FROM audit_incident i LEFT JOIN incident_resolution r ON r.incident_id = i.incident_id GROUP BY i.kind ORDER BY i.kind";
    return rows.query(sql, List.of(), r -> new IncidentRepair(r.get(0, String.class), ReactiveRows.count(r, 1), ReactiveRows.count(r, 2),
            r.get(3, Double.class), r.get(4, Double.class)))
        .runWith(Sink.seq(), system);
  }

  private CompletionStage<Optional<ChainStatus.LastCheckpoint>> lastCheckpoint() {
    return rows.query("SELECT node_id, node_seq, hash, signed_at, key_id FROM attestation_checkpoint ORDER BY signed_at DESC LIMIT 1",
            List.of(),
            r -> new ChainStatus.LastCheckpoint(r.get(0, String.class), ReactiveRows.count(r, 1), r.get(2, String.class),
                ReactiveRows.instant(r, 3), r.get(4, String.class)))
        .runWith(Sink.headOption(), system);
  }
}
