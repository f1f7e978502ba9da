package org.symphony.audit.reconcile;

import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.symphony.audit.incident.AuditIncidents;
import org.symphony.audit.incident.IncidentKind;
import org.symphony.audit.incident.IncidentStatus;
import org.symphony.audit.incident.NewIncident;
import org.symphony.engine.instruction.InstructionId;
import org.symphony.engine.instruction.InstructionStatus;

/**
 * One pass of the reconciliation worker (INV-GAP, INV-SEQ, INV-TERMINAL). Blocking: runs on the blocking dispatcher.
 * Every finding is appended (reconciliation_record, audit_incident, incident_resolution); nothing is updated.
 *
 * <ol>
 *   <li>VOIDs from the participants' journals are recorded; the SEQUENCE_GAP incidents they close are AUTO_FIXED.
 *   <li>Attestations without an outcome past the grace are accounted by the instruction their participant +
 *       Idempotency-Key derive (their own, or a retry's); none after the retry window → a GHOST incident.
 *   <li>Sequence holes open a SEQUENCE_GAP incident and ask the participant to close them.
 *   <li>Zombies open a STUCK_IN_FLIGHT incident and are nudged; those that moved on are AUTO_FIXED.
 *   <li>UNKNOWN_OUTCOME and dead-lettered instructions have an open intervention.
 * </ol>
 */
public final class ReconciliationCycle implements ReconciliationWorker.Cycle {

  private static final Logger LOG = LoggerFactory.getLogger(ReconciliationCycle.class);
  public static final String WORKER = "reconciliation";

  private final ReconciliationStore store;
  private final AuditIncidents incidents;
  private final EngineLink engine;
  private final VoidFeed voids;
  private final ReconciliationSettings settings;
  private final ReconciliationListener listener;
  private final Clock clock;
  private final String nodeId;
  /** Journal offset of the last VOID recorded; re-read from 0 after a restart (recording is idempotent). */
  private long voidOffset;
  /**
   * Every attestation received before this is reconciled (accounted, a ghost, or with an outcome), so a cycle scans
   * only what came after: not the whole chain every interval. Per incarnation; a restart scans everything once.
   */
  private Instant reconciledBefore = Instant.EPOCH.plus(SupervisionSql.CLOCK_SKEW_MARGIN);
  /** Sequence holes looked for after each participant's frontier only; per incarnation, like reconciledBefore. */
  private final SequenceFrontier frontier;
  /** Holes asked about, so each is asked when found and then at a bounded pace; per incarnation. */
  private final HoleNudges nudges;

  public ReconciliationCycle(
      ReconciliationStore store, AuditIncidents incidents, EngineLink engine, VoidFeed voids, ReconciliationSettings settings,
      ReconciliationListener listener, Clock clock, String nodeId) {
    this.store = store;
    this.incidents = incidents;
    this.engine = engine;
    this.voids = voids;
    this.settings = settings;
    this.listener = listener;
    this.clock = clock;
    this.nodeId = nodeId;
    this.frontier = new SequenceFrontier(settings.holeScanRows());
    this.nudges = new HoleNudges(settings.holeNudgeInterval(), settings.holeNudgesRemembered());
  }

  @Override
  public CycleReport run() throws Exception {
    Instant now = clock.instant();
    var tally = new Tally();
    recordVoids(tally);
    reconcileAttestations(now, tally);
    closeHoles(now, tally);
    wakeZombies(now, tally);
    openInterventions(tally);
    publishOpenCounts();
    return new CycleReport(now, tally.byInstruction, tally.byRetry, tally.ghostsOpened, tally.ghostsFixed, tally.voids,
        tally.holes, tally.zombiesWoken, tally.zombiesRepaired, tally.interventions);
  }

  // ---- 1. VOIDs -------------------------------------------------------------------------------------------

  private void recordVoids(Tally tally) throws Exception {
    for (int page = 0; page < 100; page++) { // bounded: at most 100 pages a cycle
      VoidFeed.Page p = voids.after(voidOffset, settings.batch()).toCompletableFuture()
          .get(settings.engineTimeout().toMillis(), TimeUnit.MILLISECONDS);
      for (VoidedSequence v : p.voids()) {
        nudges.closed(v.participantId(), v.sequenceId());
        if (store.recordVoid(v, WORKER)) {
          tally.voids++;
          listener.reconciled(ReconciliationKind.SEQUENCE_VOID);
        }
        var gap = incidents.byDedupKey(NewIncident.sequenceGapKey(v.participantId(), v.sequenceId()));
        if (gap.isPresent() && gap.get().isOpen())
          resolve(gap.get().incidentId(), IncidentStatus.AUTO_FIXED,
              "sequence id " + v.sequenceId() + " closed as VOID (" + v.reason() + ") by participant " + v.participantId()
                  + "; instruction " + v.instructionId() + " never recorded its acceptance");
      }
      voidOffset = p.nextOffset();
      if (p.voids().size() < settings.batch()) return;
    }
  }

  // ---- 2. attestations without an outcome -------------------------------------------------------------------

  private void reconcileAttestations(Instant now, Tally tally) throws Exception {
    // Ghosts whose participant retried late: accounted now, their incident AUTO_FIXED.
    for (var late : store.ghostsWithAnInstruction(settings.batch())) account(late.getKey(), late.getValue(), tally);
    Instant cutoff = now.minus(settings.grace());
    // A margin for the clocks of other nodes (their rows carry their received_at), then only what came after.
    List<OpenAttestation> open = store.unreconciled(reconciledBefore.minus(SupervisionSql.CLOCK_SKEW_MARGIN), cutoff, settings.batch());
    // Unless the batch was full, all before the cutoff is reconciled but for what stays open below (retry window).
    Instant watermark = open.size() < settings.batch() ? cutoff : open.get(0).receivedAt();
    if (open.isEmpty()) {
      reconciledBefore = watermark;
      return;
    }
    Map<java.util.UUID, String> derived = new LinkedHashMap<>();
    for (OpenAttestation a : open)
      if (a.idempotencyKey() != null) derived.put(a.attestationId(), InstructionId.derive(a.participantId(), a.idempotencyKey()));
    Map<String, KnownInstruction> known = store.instructions(derived.values());
    int engineChecks = 0;
    for (OpenAttestation a : open) {
      String instructionId = derived.get(a.attestationId());
      KnownInstruction k = instructionId == null ? null : known.get(instructionId);
      if (k != null) {
        account(a, k, tally);
        continue;
      }
      boolean pastRetryWindow = a.receivedAt().plus(settings.retryWindow()).isBefore(now);
      boolean stillOpen = !pastRetryWindow; // a retry may still come
      if (pastRetryWindow && instructionId != null) {
        // The read model may lag the journal: ask the instruction itself before calling it a ghost.
        stillOpen = engineChecks++ >= settings.engineChecksPerCycle()
            || engine.instructionExists(instructionId).toCompletableFuture()
                .get(settings.engineTimeout().toMillis(), TimeUnit.MILLISECONDS); // projected soon; next cycle
      }
      if (stillOpen) {
        if (a.receivedAt().isBefore(watermark)) watermark = a.receivedAt();
        continue;
      }
      ghost(a, instructionId, tally);
    }
    reconciledBefore = watermark;
  }

  private void account(OpenAttestation a, KnownInstruction k, Tally tally) throws SQLException {
    boolean own = a.attestationId().toString().equals(k.attestationId());
    ReconciliationKind kind = own ? ReconciliationKind.ACCOUNTED_BY_INSTRUCTION : ReconciliationKind.ACCOUNTED_BY_RETRY;
    String evidence = own
        ? "instruction " + k.instructionId() + " (sequence " + k.sequenceId() + ", " + k.status() + ") was created by this attestation;"
            + " its outcome row was lost (node stopped before recording it)"
        : "instruction " + k.instructionId() + " (sequence " + k.sequenceId() + ", " + k.status() + ") exists under the same"
            + " participant + Idempotency-Key, created by attestation " + k.attestationId();
    if (store.recordAttestation(kind, a, k.instructionId(), evidence, WORKER)) {
      if (own) tally.byInstruction++;
      else tally.byRetry++;
      listener.reconciled(kind);
    }
    var ghost = incidents.byDedupKey(NewIncident.ghostKey(a.attestationId()));
    if (ghost.isPresent() && ghost.get().isOpen()) {
      resolve(ghost.get().incidentId(), IncidentStatus.AUTO_FIXED, kind + ": " + evidence);
      tally.ghostsFixed++;
    }
  }

  private void ghost(OpenAttestation a, String instructionId, Tally tally) throws SQLException {
    String evidence = "forwarded attestation " + a.attestationId() + " (node " + a.nodeId() + " seq " + a.nodeSeq()
        + ", request " + a.requestId() + ", received " + a.receivedAt() + ") has no outcome, and "
        + (instructionId == null
            ? "no Idempotency-Key to derive an instruction from"
            : "no instruction " + instructionId + " exists under its participant + Idempotency-Key after the retry window of "
                + settings.retryWindow());
    if (store.recordAttestation(ReconciliationKind.GHOST, a, instructionId, evidence, WORKER)) listener.reconciled(ReconciliationKind.GHOST);
    var opened = incidents.open(new NewIncident(
        IncidentKind.GHOST_RECOVERY, NewIncident.ghostKey(a.attestationId()), nodeId, a.participantId(), instructionId,
        a.attestationId(), null, evidence + ". The participant must resubmit (payloads are not stored)."));
    if (opened.created()) {
      tally.ghostsOpened++;
      LOG.warn("GHOST {}: {}", opened.incident().reference(), evidence);
    }
  }

  // ---- 3. sequence holes -------------------------------------------------------------------------------------

  private void closeHoles(Instant now, Tally tally) throws SQLException {
    // A hole filled late (the instruction's acceptance was on its way, e.g. retried after a crash) is repaired too.
    for (RepairedIncident filled : store.sequenceGapsFilled(settings.batch())) {
      KnownInstruction k = filled.instruction();
      nudges.closed(k.participantId(), k.sequenceId());
      resolve(filled.incidentId(), IncidentStatus.AUTO_FIXED, "sequence id " + k.sequenceId() + " filled: instruction "
          + k.instructionId() + " recorded its acceptance with it (" + k.status() + ")");
    }
    for (SequenceHole h : frontier.holes(store, now.minus(settings.grace()), settings.batch())) {
      for (long seq = h.first(); seq <= h.last() && tally.holes < settings.batch(); seq++) {
        if (!nudges.due(h.participantId(), seq, now)) continue; // asked moments ago: its incident is open already
        tally.holes++;
        incidents.open(new NewIncident(
            IncidentKind.SEQUENCE_GAP, NewIncident.sequenceGapKey(h.participantId(), seq), nodeId, h.participantId(), null, null,
            seq, "participant " + h.participantId() + " has no instruction and no VOID for sequence id " + seq
                + " (between " + h.before() + " and " + h.after() + ")"));
        engine.closeSequenceHole(h.participantId(), seq);
      }
    }
  }

  // ---- 4. zombies ---------------------------------------------------------------------------------------------

  private void wakeZombies(Instant now, Tally tally) throws SQLException {
    Instant stuckBefore = now.minus(settings.zombieAfter());
    for (Zombie z : store.zombies(stuckBefore, settings.batch())) {
      incidents.open(new NewIncident(
          IncidentKind.STUCK_IN_FLIGHT, NewIncident.stuckKey(z.instructionId(), z.since()), nodeId, z.participantId(),
          z.instructionId(), null, null,
          "instruction " + z.instructionId() + " has been " + z.status() + " since " + z.since() + " (bound " + settings.zombieAfter() + ")"));
      engine.nudge(z.instructionId());
      tally.zombiesWoken++;
    }
    // Those no longer stuck (terminal, escalated to UNKNOWN_OUTCOME, or progress recorded) are repaired.
    for (RepairedIncident moved : store.zombiesMovedOn(stuckBefore, settings.batch())) {
      KnownInstruction k = moved.instruction();
      resolve(moved.incidentId(), IncidentStatus.AUTO_FIXED, "woken by a status query; instruction " + k.instructionId()
          + " is now " + k.status() + (k.code() == null ? "" : " (" + k.code() + ")"));
      listener.zombieRepaired();
      tally.zombiesRepaired++;
    }
  }

  // ---- 5. interventions ---------------------------------------------------------------------------------------

  private void openInterventions(Tally tally) throws SQLException {
    for (KnownInstruction k : store.awaitingOperatorsWithoutIncident(settings.batch())) {
      IncidentKind kind = k.status() == InstructionStatus.UNKNOWN_OUTCOME ? IncidentKind.UNKNOWN_OUTCOME : IncidentKind.DLQ;
      var opened = incidents.open(new NewIncident(
          kind, NewIncident.instructionKey(kind, k.instructionId()), nodeId, k.participantId(), k.instructionId(), null,
          k.sequenceId(), "instruction " + k.instructionId() + ": " + k.status() + (k.code() == null ? "" : " (" + k.code() + ")")
              + " since " + k.updatedAt() + "; two operators must decide"));
      if (opened.created()) tally.interventions++;
    }
    // Resolved in the instruction's journal but not closed here (the desk stopped between the two): close it.
    for (RepairedIncident resolved : store.unknownOutcomesResolved(settings.batch()))
      resolve(resolved.incidentId(), IncidentStatus.MANUAL_RESOLVED, "instruction " + resolved.instruction().instructionId()
          + " is " + resolved.instruction().status() + " by a four-eyes resolution recorded in its journal");
  }

  private void publishOpenCounts() throws SQLException {
    Map<String, Long> byKind = new HashMap<>();
    for (IncidentKind k : IncidentKind.values()) byKind.put(k.name(), 0L);
    byKind.putAll(incidents.openCountsByKind());
    listener.openCounts(byKind.get(IncidentKind.GHOST_RECOVERY.name()), byKind);
  }

  private void resolve(java.util.UUID incidentId, IncidentStatus status, String detail) throws SQLException {
    incidents.resolve(incidentId, status, WORKER, detail)
        .ifPresent(r -> r.timeToResolve().ifPresent(d -> listener.incidentResolved(r, d)));
  }

  private static final class Tally {
    int byInstruction, byRetry, ghostsOpened, ghostsFixed, voids, holes, zombiesWoken, zombiesRepaired, interventions;
  }

}
