package org.symphony.audit.supervision;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.List;
import org.symphony.audit.incident.AuditIncident;
import org.symphony.audit.reconcile.SequenceHole;
import org.symphony.audit.reconcile.Zombie;

/**
 * The supervision read side as JSON, one rendering for the HTTP API and the command line (so {@code symphony
 * gap-report --json} and {@code GET /supervisor/gaps} give the same answer). Field names are the API's contract.
 */
public final class SupervisionJson {

  public static final ObjectMapper MAPPER = new ObjectMapper();

  private SupervisionJson() {}

  public static ObjectNode gapReport(GapReport r) {
    ObjectNode body = MAPPER.createObjectNode();
    body.put("generatedAt", r.generatedAt().toString());
    ObjectNode window = body.putObject("window");
    window.put("from", text(r.window().from()));
    window.put("to", text(r.window().to()));
    if (r.window().participantId() != null) window.put("participant", r.window().participantId());
    body.put("graceSeconds", r.grace().toSeconds());
    body.put("clean", r.clean());
    var t = r.totals();
    ObjectNode totals = body.putObject("totals");
    totals.put("ingress", t.ingress());
    totals.put("forwarded", t.forwarded());
    totals.put("rejected", t.rejected());
    totals.put("withOutcome", t.withOutcome());
    totals.put("accounted", t.accounted());
    totals.put("accountedByInstruction", t.accountedByInstruction());
    totals.put("accountedByRetry", t.accountedByRetry());
    totals.put("abandoned", t.abandoned());
    totals.put("unreconciled", t.unreconciled());
    totals.put("openGhosts", t.openGhosts());
    totals.put("sequenceHoles", t.sequenceHoles());
    totals.put("zombies", t.zombies());
    totals.put("openIncidents", t.openIncidents());
    ArrayNode participants = body.putArray("participants");
    for (ParticipantGaps p : r.participants()) {
      ObjectNode n = participants.addObject();
      n.put("participantId", p.participantId());
      n.put("status", p.status().name());
      n.put("ingress", p.ingress());
      n.put("forwarded", p.forwarded());
      n.put("rejected", p.rejected());
      n.put("withOutcome", p.withOutcome());
      n.put("accounted", p.accounted());
      n.put("accountedByInstruction", p.accountedByInstruction());
      n.put("accountedByRetry", p.accountedByRetry());
      n.put("abandoned", p.abandoned());
      n.put("unreconciled", p.unreconciled());
      n.put("openGhosts", p.openGhosts());
      holes(n.putArray("sequenceHoles"), p.sequenceHoles());
      ArrayNode zombies = n.putArray("zombies");
      for (Zombie z : p.zombies())
        zombies.addObject().put("instructionId", z.instructionId()).put("status", z.status()).put("since", text(z.since()));
      n.put("openIncidents", p.openIncidents());
      n.put("openInterventions", p.openInterventions());
    }
    return body;
  }

  public static ObjectNode overview(Overview o) {
    ObjectNode body = MAPPER.createObjectNode();
    body.put("generatedAt", o.generatedAt().toString());
    ObjectNode chain = body.putObject("chain");
    if (o.chain().intact() == null) chain.putNull("intact");
    else chain.put("intact", o.chain().intact());
    chain.put("verifiedAt", text(o.chain().verifiedAt()));
    chain.put("rowsChecked", o.chain().rowsChecked());
    chain.put("breaks", o.chain().breaks());
    var cp = o.chain().lastCheckpoint();
    if (cp == null) chain.putNull("lastCheckpoint");
    else
      chain.putObject("lastCheckpoint")
          .put("nodeId", cp.nodeId())
          .put("nodeSeq", cp.nodeSeq())
          .put("hash", cp.hash())
          .put("signedAt", text(cp.signedAt()))
          .put("keyId", cp.keyId());
    ArrayNode participants = body.putArray("participants");
    for (ParticipantHealth p : o.participants()) {
      ObjectNode n = participants.addObject();
      n.put("participantId", p.participantId());
      n.put("status", p.status().name());
      n.put("received", p.received());
      n.put("executed", p.executed());
      n.put("failed", p.failed());
      n.put("rejected", p.rejected());
      n.put("openGhosts", p.openGhosts());
      n.put("openInterventions", p.openInterventions());
      n.put("integrityScore", p.integrityScore());
      holes(n.putArray("sequenceHoles"), p.sequenceHoles());
    }
    ArrayNode repair = body.putArray("incidentRepair");
    for (IncidentRepair r : o.repair()) {
      ObjectNode n = repair.addObject().put("kind", r.kind()).put("open", r.open()).put("resolved", r.resolved());
      if (r.meanSeconds() == null) n.putNull("mttrSeconds");
      else n.put("mttrSeconds", Math.round(r.meanSeconds() * 10) / 10.0);
      if (r.maxSeconds() == null) n.putNull("maxSeconds");
      else n.put("maxSeconds", Math.round(r.maxSeconds() * 10) / 10.0);
    }
    return body;
  }

  public static ObjectNode incident(AuditIncident i) {
    ObjectNode n = MAPPER.createObjectNode();
    n.put("id", i.reference());
    n.put("kind", i.kind());
    n.put("status", i.status().name());
    n.put("participantId", i.participantId());
    n.put("instructionId", i.instructionId());
    n.put("attestationId", i.attestationId() == null ? null : i.attestationId().toString());
    if (i.sequenceId() == null) n.putNull("sequenceId");
    else n.put("sequenceId", i.sequenceId());
    n.put("detectedAt", text(i.detectedAt()));
    n.put("resolvedAt", text(i.resolvedAt()));
    n.put("resolvedBy", i.resolvedBy());
    n.put("summary", i.detail());
    return n;
  }

  public static ObjectNode incidents(List<AuditIncident> incidents) {
    ObjectNode body = MAPPER.createObjectNode();
    ArrayNode list = body.putArray("incidents");
    incidents.forEach(i -> list.add(incident(i)));
    return body;
  }

  /** Missing ids one by one, at most {@value #MAX_HOLE_IDS} per participant (the count is in the totals). */
  private static void holes(ArrayNode out, List<SequenceHole> holes) {
    for (SequenceHole h : holes)
      for (long s = h.first(); s <= h.last(); s++) {
        if (out.size() >= MAX_HOLE_IDS) return;
        out.addObject().put("sequenceId", s).put("before", h.before()).put("after", h.after());
      }
  }

  private static final int MAX_HOLE_IDS = 1_000;

  private static String text(Instant t) {
    return t == null ? null : t.toString();
  }
}
