package org.symphony.audit.supervision;

import io.r2dbc.spi.ConnectionFactory;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.stream.javadsl.Sink;
import org.symphony.audit.incident.IncidentKind;
import org.symphony.audit.reconcile.SequenceHole;
import org.symphony.audit.reconcile.SupervisionSql;
import org.symphony.audit.reconcile.Zombie;

/**
 * The gap analysis behind {@code GET /supervisor/gaps}, the dashboard and {@code symphony gap-report}: one answer
 * for all three. Aggregates run in PostgreSQL; rows stream back over R2DBC through Pekko Streams with backpressure.
 */
public final class GapAnalysis {

  /** The subject recorded for requests that carried no valid token: never a participant. */
  public static final String UNAUTHENTICATED = "unauthenticated";
  private static final int MAX_LISTED = 10_000;

  private final ReactiveRows rows;
  private final ActorSystem<?> system;
  private final Clock clock;
  private final Duration grace;
  private final Duration zombieAfter;

  public GapAnalysis(ConnectionFactory connections, ActorSystem<?> system, Clock clock, Duration grace, Duration zombieAfter) {
    this.rows = new ReactiveRows(connections);
    this.system = system;
    this.clock = clock;
    this.grace = grace;
    this.zombieAfter = zombieAfter;
  }

  public CompletionStage<GapReport> report(GapWindow window) {
    Instant now = clock.instant();
    var attestations = attestationCounts(window, now);
    var incidents = openIncidents(window);
    var holes = holes(window, now);
    var zombies = zombies(window, now);
    var participants = knownParticipants(window);
    return attestations.thenCombine(incidents, Pair::new)
        .thenCombine(holes.thenCombine(zombies, Pair::new), (a, b) -> new Parts(a.left(), a.right(), b.left(), b.right()))
        .thenCombine(participants, (parts, known) -> assemble(now, window, parts, known));
  }

  private GapReport assemble(Instant now, GapWindow window, Parts p, TreeSet<String> known) {
    TreeSet<String> ids = new TreeSet<>(known); // attestations of other subjects count in the totals only
    p.incidents().keySet().stream().filter(id -> id != null).forEach(ids::add);
    p.holes().keySet().forEach(ids::add);
    p.zombies().keySet().forEach(ids::add);
    if (window.participantId() != null) ids.retainAll(java.util.Set.of(window.participantId()));
    List<ParticipantGaps> out = new ArrayList<>();
    for (String id : ids) {
      AttestationCounts a = p.attestations().getOrDefault(id, AttestationCounts.NONE);
      IncidentCounts i = p.incidents().getOrDefault(id, IncidentCounts.NONE);
      out.add(new ParticipantGaps(id, a.ingress(), a.forwarded(), a.rejected(), a.withOutcome(), a.byInstruction(), a.byRetry(),
          a.abandoned(), a.unreconciled(), i.ghosts(),
          p.holes().getOrDefault(id, List.of()), p.zombies().getOrDefault(id, List.of()), i.all(), i.interventions()));
    }
    AttestationCounts t = p.attestations().values().stream().reduce(AttestationCounts.NONE, AttestationCounts::plus);
    long ghosts = p.incidents().values().stream().mapToLong(IncidentCounts::ghosts).sum();
    long open = p.incidents().values().stream().mapToLong(IncidentCounts::all).sum();
    long holes = p.holes().values().stream().flatMap(List::stream).mapToLong(h -> h.last() - h.first() + 1).sum();
    long zombies = p.zombies().values().stream().mapToLong(List::size).sum();
    return new GapReport(now, window, grace, out,
        new GapReport.Totals(t.ingress(), t.forwarded(), t.rejected(), t.withOutcome(), t.byInstruction(), t.byRetry(), t.abandoned(),
            t.unreconciled(), ghosts, holes, zombies, open));
  }

  /** Per subject: ingress, forwarded, rejected, with outcome, by instruction, by retry, abandoned, unreconciled. */
  private CompletionStage<Map<String, AttestationCounts>> attestationCounts(GapWindow w, Instant now) {
    List<Object> args = new ArrayList<>();
    args.add(now.minus(grace));
    // A row that counts unauthenticated refusals stands for refused_count requests (audit/CHAIN.md).
    String sql = "SELECT a.subject, sum(coalesce(a.refused_count, 1))::int8,"
        + " count(*) FILTER (WHERE a.outcome = 'FORWARDED'),"
        + " coalesce(sum(coalesce(a.refused_count, 1)) FILTER (WHERE a.outcome = 'REJECTED'), 0)::int8,"
        + " count(*) FILTER (WHERE a.outcome = 'FORWARDED' AND o.attestation_id IS NOT NULL),"
        + " count(*) FILTER (WHERE o.attestation_id IS NULL AND r.kind = 'ACCOUNTED_BY_INSTRUCTION'),"
        + " count(*) FILTER (WHERE o.attestation_id IS NULL AND r.kind = 'ACCOUNTED_BY_RETRY'),"
        + " count(*) FILTER (WHERE o.attestation_id IS NULL AND r.kind = 'GHOST_ABANDONED'),"
        + " count(*) FILTER (WHERE a.outcome = 'FORWARDED' AND o.attestation_id IS NULL AND r.kind IS NULL"
        + "   AND a.received_at < ? AND NOT EXISTS (SELECT 1 FROM reconciliation_record g"
        + "   WHERE g.attestation_id = a.attestation_id AND g.kind = 'GHOST'))"
        + " FROM ingress_attestation a"
        + " LEFT JOIN attestation_outcome o ON o.attestation_id = a.attestation_id"
        + " LEFT JOIN reconciliation_record r ON r.attestation_id = a.attestation_id AND r.kind IN " + SupervisionSql.ACCOUNTED_KINDS
        + " WHERE true" + window(w, "a.received_at", "a.subject", args)
        + " GROUP BY a.subject";
    return rows.query(sql, args, r -> Map.entry(r.get(0, String.class), new AttestationCounts(
            ReactiveRows.count(r, 1), ReactiveRows.count(r, 2), ReactiveRows.count(r, 3), ReactiveRows.count(r, 4),
            ReactiveRows.count(r, 5), ReactiveRows.count(r, 6), ReactiveRows.count(r, 7), ReactiveRows.count(r, 8))))
        .runWith(Sink.fold(new HashMap<String, AttestationCounts>(), (m, e) -> { m.put(e.getKey(), e.getValue()); return m; }), system)
        .thenApply(m -> m);
  }

  record IncidentCounts(long all, long ghosts, long interventions) {
    static final IncidentCounts NONE = new IncidentCounts(0, 0, 0);

    IncidentCounts plus(IncidentCounts o) {
      return new IncidentCounts(all + o.all, ghosts + o.ghosts, interventions + o.interventions);
    }
  }

  /** Open incidents per participant (null key: node-level ones such as CLOCK_BACKWARDS). */
  private CompletionStage<Map<String, IncidentCounts>> openIncidents(GapWindow w) {
    List<Object> args = new ArrayList<>();
    String sql = "SELECT i.participant_id, i.kind, count(*) FROM audit_incident i"
        + " WHERE NOT EXISTS (SELECT 1 FROM incident_resolution r WHERE r.incident_id = i.incident_id)"
        + window(w, "i.created_at", "i.participant_id", args)
        + " GROUP BY i.participant_id, i.kind";
    return rows.query(sql, args, r -> {
          var kind = IncidentKind.of(r.get(1, String.class));
          long n = ReactiveRows.count(r, 2);
          boolean ghost = kind.filter(k -> k == IncidentKind.GHOST_RECOVERY).isPresent();
          boolean intervention = kind.map(IncidentKind::needsOperators).orElse(false);
          return new Object[] {r.get(0, String.class), new IncidentCounts(n, ghost ? n : 0, intervention ? n : 0)};
        })
        .runWith(Sink.fold(new HashMap<String, IncidentCounts>(), (m, e) -> {
          m.merge((String) e[0], (IncidentCounts) e[1], IncidentCounts::plus);
          return m;
        }), system)
        .thenApply(m -> m);
  }

  private CompletionStage<Map<String, List<SequenceHole>>> holes(GapWindow w, Instant now) {
    List<Object> args = new ArrayList<>();
    args.add(now.minus(grace));
    String sql = "SELECT * FROM (" + SupervisionSql.HOLES + ") h";
    if (w.participantId() != null) {
      sql += " WHERE h.participant_id = ?";
      args.add(w.participantId());
    }
    return rows.query(sql + " LIMIT " + MAX_LISTED, args,
            r -> new SequenceHole(r.get(0, String.class), ReactiveRows.count(r, 1), ReactiveRows.count(r, 2),
                ReactiveRows.count(r, 3), ReactiveRows.count(r, 4)))
        .runWith(Sink.fold(new TreeMap<String, List<SequenceHole>>(), (m, h) -> {
          m.computeIfAbsent(h.participantId(), k -> new ArrayList<>()).add(h);
          return m;
        }), system)
        .thenApply(m -> m);
  }

  private CompletionStage<Map<String, List<Zombie>>> zombies(GapWindow w, Instant now) {
    List<Object> args = new ArrayList<>();
    args.add(now.minus(zombieAfter));
    String sql = "SELECT * FROM (" + SupervisionSql.ZOMBIES + ") z";
    if (w.participantId() != null) {
      sql += " WHERE z.participant_id = ?";
      args.add(w.participantId());
    }
    return rows.query(sql + " LIMIT " + MAX_LISTED, args,
            r -> new Zombie(r.get(0, String.class), r.get(1, String.class), r.get(2, String.class), ReactiveRows.instant(r, 3)))
        .runWith(Sink.fold(new TreeMap<String, List<Zombie>>(), (m, z) -> {
          m.computeIfAbsent(z.participantId(), k -> new ArrayList<>()).add(z);
          return m;
        }), system)
        .thenApply(m -> m);
  }

  /** Participants the system knows: registered clients of the participant role, and everyone with an instruction. */
  private CompletionStage<TreeSet<String>> knownParticipants(GapWindow w) {
    String sql = "SELECT subject FROM api_client WHERE role = 'participant'"
        + " UNION SELECT DISTINCT participant_id FROM instruction_status";
    return rows.query(sql, List.of(), r -> r.get(0, String.class))
        .runWith(Sink.fold(new TreeSet<String>(), (s, id) -> { s.add(id); return s; }), system)
        .thenApply(s -> s);
  }

  /** Appends the window's conditions (bound values to args); the SQL binds no nulls. */
  private static String window(GapWindow w, String timeColumn, String participantColumn, List<Object> args) {
    StringBuilder sql = new StringBuilder();
    if (w.participantId() != null) {
      sql.append(" AND ").append(participantColumn).append(" = ?");
      args.add(w.participantId());
    }
    if (w.from() != null) {
      sql.append(" AND ").append(timeColumn).append(" >= ?");
      args.add(w.from());
    }
    if (w.to() != null) {
      sql.append(" AND ").append(timeColumn).append(" < ?");
      args.add(w.to());
    }
    return sql.toString();
  }

  private record Pair<A, B>(A left, B right) {}

  private record Parts(
      Map<String, AttestationCounts> attestations, Map<String, IncidentCounts> incidents, Map<String, List<SequenceHole>> holes,
      Map<String, List<Zombie>> zombies) {}
}
