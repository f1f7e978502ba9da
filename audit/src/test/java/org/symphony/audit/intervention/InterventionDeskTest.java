package org.symphony.audit.intervention;

import static org.junit.jupiter.api.Assertions.*;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.symphony.audit.attest.AuditTestDatabase;
import org.symphony.audit.incident.AuditIncidents;
import org.symphony.audit.incident.IncidentKind;
import org.symphony.audit.incident.IncidentStatus;
import org.symphony.audit.incident.NewIncident;
import org.symphony.audit.reconcile.ReconciliationListener;
import org.symphony.engine.instruction.InstructionStatus;
import org.symphony.engine.instruction.InstructionView;
import org.symphony.engine.instruction.ManualResolution;
import org.symphony.engine.instruction.ResolveReply;
import org.symphony.engine.money.Currency;
import org.symphony.engine.money.Money;
import org.symphony.persistence.SymphonyDatabase;

/**
 * The four-eyes desk on PostgreSQL 18 with a counting engine: the proposer cannot approve; two operators approving
 * at the same moment resolve the instruction once (one decision row, one call to the entity); proposals are
 * checked against what the incident's kind allows.
 */
@Timeout(120)
class InterventionDeskTest {

  private static SymphonyDatabase db;
  private static AuditIncidents incidents;

  @BeforeAll
  static void startDatabase() {
    db = AuditTestDatabase.start();
    incidents = new AuditIncidents(db.ownerDataSource());
  }

  @AfterAll
  static void stopDatabase() {
    if (db != null) db.close();
  }

  @Test
  void theProposerCannotApproveAndAnotherOperatorResolvesOnce() throws Exception {
    CountingResolver engine = new CountingResolver();
    InterventionDesk desk = new InterventionDesk(db.ownerDataSource(), engine, ReconciliationListener.NONE, Duration.ofSeconds(5));
    String reference = unknownOutcome("instr-" + UUID.randomUUID());

    assertInstanceOf(ProposalResult.NotResolvable.class, desk.propose(reference, "ABANDONED", "x", null, "alice"));
    assertInstanceOf(ProposalResult.Invalid.class, desk.propose(reference, "SUCCEEDED", "paid", null, "alice"), "evidence needed");
    assertInstanceOf(ApprovalResult.NoProposal.class, desk.approve(reference, "bob", null));
    assertInstanceOf(ProposalResult.Proposed.class, desk.propose(reference, "SUCCEEDED", "paid", "MTN-1", "alice"));
    assertInstanceOf(ProposalResult.AlreadyPending.class, desk.propose(reference, "FAILED", "not paid", null, "bob"));
    assertEquals(new ApprovalResult.SameOperator("alice"), desk.approve(reference, "alice", null));
    assertEquals(0, engine.calls.get(), "nothing reached the instruction");

    // Two other operators approve at the same moment: one resolves, the other finds it closed.
    var pool = Executors.newFixedThreadPool(2);
    try {
      var first = CompletableFuture.supplyAsync(() -> approve(desk, reference, "bob"), pool);
      var second = CompletableFuture.supplyAsync(() -> approve(desk, reference, "carol"), pool);
      List<ApprovalResult> results = List.of(first.join(), second.join());
      assertEquals(1, results.stream().filter(r -> r instanceof ApprovalResult.Approved).count(), results.toString());
      assertEquals(1, results.stream().filter(r -> r instanceof ApprovalResult.NotResolvable).count(), results.toString());
    } finally {
      pool.shutdownNow();
    }
    assertEquals(1, engine.calls.get(), "the instruction was resolved once");
    assertEquals(IncidentStatus.MANUAL_RESOLVED, incidents.find(reference).orElseThrow().status());
    try (var c = db.ownerDataSource().getConnection(); var s = c.createStatement();
        var r = s.executeQuery("select count(*) from intervention_decision d join intervention_proposal p using (proposal_id)"
            + " join audit_incident i using (incident_id) where i.reference = '" + reference + "'")) {
      r.next();
      assertEquals(1, r.getLong(1), "one decision");
    }
  }

  private static ApprovalResult approve(InterventionDesk desk, String reference, String operator) {
    try {
      return desk.approve(reference, operator, "checked");
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static String unknownOutcome(String instructionId) throws Exception {
    return incidents.open(new NewIncident(IncidentKind.UNKNOWN_OUTCOME, NewIncident.instructionKey(IncidentKind.UNKNOWN_OUTCOME, instructionId),
        "n1", "bank-a", instructionId, null, 1L, "no final answer")).incident().reference();
  }

  /** The instruction's entity as the desk sees it: resolves an UNKNOWN_OUTCOME once, then says it is terminal. */
  private static final class CountingResolver implements InstructionResolver {
    final AtomicInteger calls = new AtomicInteger();

    @Override
    public CompletableFuture<ResolveReply> resolve(String instructionId, ManualResolution resolution, String railReference,
        String proposedBy, String approvedBy, String reason, String evidence) {
      if (calls.incrementAndGet() > 1)
        return CompletableFuture.completedFuture(new ResolveReply.NotResolvable(InstructionStatus.SUCCEEDED, "already SUCCEEDED"));
      var view = new InstructionView(instructionId, "bank-a", 1, InstructionStatus.SUCCEEDED, new Money(100, Currency.ZMW), null,
          "ref", "mtn-momo", railReference, null, null, Instant.EPOCH, Instant.EPOCH);
      return CompletableFuture.completedFuture(new ResolveReply.Resolved(view));
    }
  }
}
