package org.symphony.audit.intervention;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.symphony.audit.incident.AuditIncident;
import org.symphony.audit.incident.AuditIncidents;
import org.symphony.audit.incident.IncidentFilter;
import org.symphony.audit.incident.IncidentKind;
import org.symphony.audit.incident.IncidentStatus;
import org.symphony.audit.reconcile.ReconciliationKind;
import org.symphony.audit.reconcile.ReconciliationListener;
import org.symphony.audit.reconcile.ReconciliationStore;
import org.symphony.engine.instruction.ManualResolution;
import org.symphony.engine.instruction.ResolveReply;

/**
 * The manual intervention queue (UNKNOWN_OUTCOME, DLQ, GHOST) under four eyes: one operator proposes an ending with
 * reason and evidence, a different operator approves it. The instruction reaches its state through its own entity
 * (a journaled event naming both); proposals and decisions are rows that are never edited. Blocking: call off the
 * Pekko dispatchers.
 */
public final class InterventionDesk {

  public static final int MAX_TEXT = 2_000;
  private static final int QUERY_TIMEOUT_SECONDS = 5;

  private final DataSource dataSource;
  private final AuditIncidents incidents;
  private final ReconciliationStore records;
  private final InstructionResolver resolver;
  private final ReconciliationListener listener;
  private final Duration engineTimeout;

  public InterventionDesk(
      DataSource dataSource, InstructionResolver resolver, ReconciliationListener listener, Duration engineTimeout) {
    this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
    this.incidents = new AuditIncidents(dataSource);
    this.records = new ReconciliationStore(dataSource);
    this.resolver = resolver;
    this.listener = listener;
    this.engineTimeout = engineTimeout;
  }

  /** Open interventions, oldest first (the queue's order). */
  public List<Intervention> open(int limit) throws SQLException {
    List<Intervention> out = new ArrayList<>();
    for (IncidentKind kind : IncidentKind.values()) {
      if (!kind.needsOperators()) continue;
      for (AuditIncident i : incidents.list(new IncidentFilter(IncidentStatus.OPEN, kind.name(), null, limit)))
        out.add(new Intervention(i, pending(i.incidentId())));
    }
    out.sort(java.util.Comparator.comparing(i -> i.incident().detectedAt()));
    return out.size() > limit ? out.subList(0, limit) : out;
  }

  public Optional<Intervention> find(String reference) throws SQLException {
    Optional<AuditIncident> i = incidents.find(reference);
    if (i.isEmpty() || !i.get().knownKind().map(IncidentKind::needsOperators).orElse(false)) return Optional.empty();
    return Optional.of(new Intervention(i.get(), pending(i.get().incidentId())));
  }

  public ProposalResult propose(String reference, String resolution, String reason, String evidence, String operator)
      throws SQLException {
    Optional<Intervention> found = find(reference);
    if (found.isEmpty()) return new ProposalResult.NotFound();
    Intervention iv = found.get();
    if (!iv.incident().isOpen()) return new ProposalResult.NotResolvable("the intervention is already " + iv.incident().status());
    if (resolution == null || resolution.isBlank()) return new ProposalResult.Invalid("resolution", "resolution is required");
    if (!iv.allowedResolutions().contains(resolution))
      return new ProposalResult.NotResolvable(iv.incident().kind() + " can be resolved " + iv.allowedResolutions() + ", not " + resolution);
    if (reason == null || reason.isBlank()) return new ProposalResult.Invalid("reason", "reason is required");
    if (reason.length() > MAX_TEXT) return new ProposalResult.Invalid("reason", "reason is longer than " + MAX_TEXT);
    if (evidence != null && evidence.length() > MAX_TEXT) return new ProposalResult.Invalid("evidence", "evidence is longer than " + MAX_TEXT);
    if (resolution.equals("SUCCEEDED") && (evidence == null || evidence.isBlank()))
      return new ProposalResult.Invalid("evidence", "SUCCEEDED needs the rail's reference or statement line as evidence");
    if (iv.pending().isPresent()) return new ProposalResult.AlreadyPending(iv);
    String sql = "INSERT INTO intervention_proposal (incident_id, resolution, reason, evidence, proposed_by)"
        + " SELECT ?, ?, ?, ?, ? WHERE NOT EXISTS (SELECT 1 FROM intervention_proposal p WHERE p.incident_id = ?"
        + " AND NOT EXISTS (SELECT 1 FROM intervention_decision d WHERE d.proposal_id = p.proposal_id))";
    int inserted;
    try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setQueryTimeout(QUERY_TIMEOUT_SECONDS);
      ps.setObject(1, iv.incident().incidentId());
      ps.setString(2, resolution);
      ps.setString(3, reason);
      ps.setString(4, evidence);
      ps.setString(5, operator);
      ps.setObject(6, iv.incident().incidentId());
      inserted = ps.executeUpdate();
    }
    Intervention now = find(reference).orElseThrow();
    return inserted == 1 ? new ProposalResult.Proposed(now) : new ProposalResult.AlreadyPending(now);
  }

  public ApprovalResult approve(String reference, String operator, String reason) throws Exception {
    return decidingAlone(reference, () -> approveLocked(reference, operator, reason));
  }

  private interface Decision<T> {
    T decide() throws Exception;
  }

  /**
   * One decision about an intervention at a time, cluster-wide (a PostgreSQL advisory lock held while it is taken),
   * so an approval and another approval or a rejection cannot both act: the second finds the case decided.
   */
  private <T> T decidingAlone(String reference, Decision<T> decision) throws Exception {
    try (Connection lock = dataSource.getConnection()) {
      try (PreparedStatement ps = lock.prepareStatement("SELECT pg_advisory_lock(hashtext(?))")) {
        ps.setQueryTimeout((int) Math.max(QUERY_TIMEOUT_SECONDS, engineTimeout.toSeconds() * 2));
        ps.setString(1, "intervention:" + reference);
        ps.execute();
      }
      try {
        return decision.decide();
      } finally {
        try (PreparedStatement ps = lock.prepareStatement("SELECT pg_advisory_unlock(hashtext(?))")) {
          ps.setString(1, "intervention:" + reference);
          ps.execute();
        }
      }
    }
  }

  private ApprovalResult approveLocked(String reference, String operator, String reason) throws Exception {
    Optional<Intervention> found = find(reference);
    if (found.isEmpty()) return new ApprovalResult.NotFound();
    Intervention iv = found.get();
    if (!iv.incident().isOpen()) return new ApprovalResult.NotResolvable("the intervention is already " + iv.incident().status());
    if (iv.pending().isEmpty()) return new ApprovalResult.NoProposal();
    Proposal p = iv.pending().get();
    if (p.proposedBy().equals(operator)) return new ApprovalResult.SameOperator(operator);

    AuditIncident incident = iv.incident();
    if (IncidentKind.GHOST_RECOVERY.name().equals(incident.kind())) return abandonGhost(incident, p, operator, reason);

    var reply = resolver.resolve(
            incident.instructionId(), ManualResolution.valueOf(p.resolution()), p.evidence(), p.proposedBy(), operator,
            p.reason(), p.evidence())
        .toCompletableFuture().get(engineTimeout.toMillis(), TimeUnit.MILLISECONDS);
    if (reply instanceof ResolveReply.NotResolvable n) {
      decide(p, "REJECTED", operator, "not resolvable: " + n.detail());
      return new ApprovalResult.NotResolvable(n.detail() + "; the proposal was declined");
    }
    var resolved = (ResolveReply.Resolved) reply;
    decide(p, "APPROVED", operator, reason);
    String detail = p.resolution() + " proposed by " + p.proposedBy() + " (" + p.reason() + "; evidence: " + p.evidence()
        + "), approved by " + operator + "; instruction now " + resolved.instruction().status();
    AuditIncident closed = close(incident, IncidentStatus.MANUAL_RESOLVED, p.proposedBy() + "+" + operator, detail);
    return new ApprovalResult.Approved(incident.reference(), IncidentStatus.MANUAL_RESOLVED, p.resolution(), p.proposedBy(),
        operator, resolved.instruction().status(), closed.resolvedAt());
  }

  /**
   * Declines the pending proposal (a second operator disagrees, or the proposer withdraws it): recorded as a
   * REJECTED decision; the intervention stays open for a new proposal. Empty when there is no such intervention.
   */
  public RejectionResult reject(String reference, String operator, String reason) throws Exception {
    return decidingAlone(reference, () -> rejectLocked(reference, operator, reason));
  }

  private RejectionResult rejectLocked(String reference, String operator, String reason) throws SQLException {
    Optional<Intervention> found = find(reference);
    if (found.isEmpty()) return new RejectionResult.NotFound();
    if (!found.get().incident().isOpen()) return new RejectionResult.NotOpen(found.get().incident().status().name());
    if (found.get().pending().isEmpty()) return new RejectionResult.NoProposal();
    decide(found.get().pending().get(), "REJECTED", operator, reason);
    return new RejectionResult.Rejected(find(reference).orElseThrow());
  }

  /** What became of a rejection. */
  public sealed interface RejectionResult {
    record Rejected(Intervention intervention) implements RejectionResult {}

    record NotFound() implements RejectionResult {}

    record NotOpen(String status) implements RejectionResult {}

    record NoProposal() implements RejectionResult {}
  }

  /** A ghost has nothing to execute: the attestation is accounted as abandoned, with both operators named. */
  private ApprovalResult abandonGhost(AuditIncident incident, Proposal p, String operator, String reason) throws SQLException {
    var attestation = incident.attestationId() == null ? Optional.<org.symphony.audit.reconcile.OpenAttestation>empty()
        : records.attestation(incident.attestationId());
    if (attestation.isEmpty()) return new ApprovalResult.NotResolvable("the ghost's attestation row is missing");
    decide(p, "APPROVED", operator, reason);
    records.recordAttestation(ReconciliationKind.GHOST_ABANDONED, attestation.get(), incident.instructionId(),
        "abandoned by " + p.proposedBy() + " and " + operator + ": " + p.reason()
            + (p.evidence() == null ? "" : " (evidence: " + p.evidence() + ")"),
        p.proposedBy() + "+" + operator);
    listener.reconciled(ReconciliationKind.GHOST_ABANDONED);
    AuditIncident closed = close(incident, IncidentStatus.ABANDONED, p.proposedBy() + "+" + operator,
        "ABANDONED proposed by " + p.proposedBy() + " (" + p.reason() + "), approved by " + operator);
    return new ApprovalResult.Approved(incident.reference(), IncidentStatus.ABANDONED, p.resolution(), p.proposedBy(), operator,
        null, closed.resolvedAt());
  }

  private AuditIncident close(AuditIncident incident, IncidentStatus status, String by, String detail) throws SQLException {
    Optional<AuditIncident> closed = incidents.resolve(incident.incidentId(), status, by, detail);
    closed.flatMap(AuditIncident::timeToResolve).ifPresent(d -> listener.incidentResolved(closed.get(), d));
    return closed.orElseGet(() -> {
      try {
        return incidents.byId(incident.incidentId()).orElseThrow();
      } catch (SQLException e) {
        throw new IllegalStateException(e);
      }
    });
  }

  private void decide(Proposal p, String decision, String operator, String reason) throws SQLException {
    String sql = "INSERT INTO intervention_decision (proposal_id, decision, decided_by, reason) VALUES (?, ?, ?, ?)"
        + " ON CONFLICT (proposal_id) DO NOTHING"; // decisions are taken alone (decidingAlone); a repeat changes nothing
    try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setQueryTimeout(QUERY_TIMEOUT_SECONDS);
      ps.setObject(1, p.proposalId());
      ps.setString(2, decision);
      ps.setString(3, operator);
      ps.setString(4, reason == null ? null : reason.substring(0, Math.min(reason.length(), MAX_TEXT)));
      ps.executeUpdate();
    }
  }

  private Optional<Proposal> pending(UUID incidentId) throws SQLException {
    String sql = "SELECT p.proposal_id, p.resolution, p.reason, p.evidence, p.proposed_by, p.proposed_at FROM intervention_proposal p"
        + " WHERE p.incident_id = ? AND NOT EXISTS (SELECT 1 FROM intervention_decision d WHERE d.proposal_id = p.proposal_id)"
        + " ORDER BY p.proposed_at DESC LIMIT 1";
    try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setQueryTimeout(QUERY_TIMEOUT_SECONDS);
      ps.setObject(1, incidentId);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) return Optional.empty();
        return Optional.of(new Proposal(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3), rs.getString(4),
            rs.getString(5), rs.getObject(6, OffsetDateTime.class).toInstant()));
      }
    }
  }
}
