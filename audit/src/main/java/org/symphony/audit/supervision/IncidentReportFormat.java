package org.symphony.audit.supervision;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import org.symphony.audit.supervision.IncidentReport.AttestationEvidence;
import org.symphony.audit.supervision.IncidentReport.EventLine;
import org.symphony.audit.supervision.IncidentReport.InstructionEvidence;
import org.symphony.audit.supervision.IncidentReport.InterventionStep;
import org.symphony.audit.supervision.IncidentReport.RailAttempt;

/** An incident report as JSON (for machines) and as Markdown (for the people who sign it off). */
public final class IncidentReportFormat {

  private IncidentReportFormat() {}

  public static ObjectNode json(IncidentReport r) {
    var i = r.incident();
    ObjectNode body = SupervisionJson.MAPPER.createObjectNode();
    body.put("id", i.reference());
    body.put("kind", i.kind());
    body.put("status", i.status().name());
    body.put("participantId", i.participantId());
    body.put("failureMode", r.failureMode());
    body.put("detectedAt", text(i.detectedAt()));
    body.put("resolvedAt", text(i.resolvedAt()));
    body.put("resolvedBy", i.resolvedBy());
    if (i.timeToResolve().isPresent()) body.put("mttrSeconds", i.timeToResolve().get().toSeconds());
    else body.putNull("mttrSeconds");
    body.put("resolution", i.resolution());
    ObjectNode evidence = body.putObject("evidence");
    AttestationEvidence a = r.attestation();
    if (a == null) evidence.putNull("attestation");
    else
      evidence.putObject("attestation")
          .put("attestationId", a.attestationId())
          .put("nodeId", a.nodeId())
          .put("nodeSeq", a.nodeSeq())
          .put("receivedAt", text(a.receivedAt()))
          .put("requestId", a.requestId())
          .put("idempotencyKey", a.idempotencyKey())
          .put("bodySha256", a.bodySha256())
          .put("outcome", a.outcome())
          .put("prevHash", a.prevHash())
          .put("hash", a.hash());
    if (r.sequenceId() == null) evidence.putNull("sequenceId");
    else evidence.put("sequenceId", r.sequenceId());
    InstructionEvidence in = r.instruction();
    if (in == null) evidence.putNull("instruction");
    else
      evidence.putObject("instruction")
          .put("instructionId", in.instructionId())
          .put("status", in.status())
          .put("code", in.code())
          .put("railId", in.railId())
          .put("railKey", in.railKey())
          .put("railReference", in.railReference())
          .put("amountMinor", in.amountMinor())
          .put("currency", in.currency());
    ArrayNode events = evidence.putArray("events");
    for (EventLine e : r.events())
      events.addObject().put("seqNr", e.seqNr()).put("type", e.type()).put("at", text(e.at())).put("detail", e.detail());
    ArrayNode attempts = evidence.putArray("railAttempts");
    for (RailAttempt t : r.railAttempts())
      attempts.addObject().put("attempt", t.attempt()).put("railId", t.railId()).put("railKey", t.railKey())
          .put("startedAt", text(t.startedAt())).put("answer", t.answer());
    ArrayNode steps = body.putArray("interventionSteps");
    for (InterventionStep s : r.interventionSteps())
      steps.addObject()
          .put("resolution", s.proposal().resolution())
          .put("reason", s.proposal().reason())
          .put("evidence", s.proposal().evidence())
          .put("proposedBy", s.proposal().proposedBy())
          .put("proposedAt", text(s.proposal().proposedAt()))
          .put("decision", s.decision())
          .put("decidedBy", s.decidedBy())
          .put("decidedAt", text(s.decidedAt()));
    r.observed().forEach(body.putArray("observed")::add);
    r.actions().forEach(body.putArray("actions")::add);
    body.put("supervisorAction", r.supervisorAction());
    return body;
  }

  public static String markdown(IncidentReport r) {
    var i = r.incident();
    StringBuilder md = new StringBuilder();
    md.append("# Incident report ").append(i.reference()).append("\n\n");
    row(md, "Kind", i.kind());
    row(md, "Status", i.status().name());
    row(md, "Participant", i.participantId());
    row(md, "Failure mode", r.failureMode());
    row(md, "Detected", text(i.detectedAt()));
    row(md, "Resolved", i.resolvedAt() == null ? "not yet" : text(i.resolvedAt()) + " by " + i.resolvedBy());
    i.timeToResolve().ifPresent(d -> row(md, "Time to repair", d.toSeconds() + " s"));
    md.append("\n## Evidence chain\n\n");
    AttestationEvidence a = r.attestation();
    if (a == null) md.append("- Attestation: none linked\n");
    else
      md.append("- Attestation ").append(a.attestationId()).append(": node `").append(a.nodeId()).append("` position ")
          .append(a.nodeSeq()).append(", received ").append(text(a.receivedAt())).append(", request `").append(a.requestId())
          .append("`, Idempotency-Key `").append(a.idempotencyKey()).append("`, outcome ").append(a.outcome())
          .append(", body SHA-256 `").append(a.bodySha256()).append("`, prev hash `").append(a.prevHash())
          .append("`, hash `").append(a.hash()).append("`\n");
    md.append("- Sequence id: ").append(r.sequenceId() == null ? "none" : r.sequenceId()).append('\n');
    InstructionEvidence in = r.instruction();
    if (in == null) md.append("- Instruction: none\n");
    else
      md.append("- Instruction ").append(in.instructionId()).append(": ").append(in.status())
          .append(in.code() == null ? "" : " (" + in.code() + ")").append(", rail ").append(in.railId())
          .append(", rail key `").append(in.railKey()).append("`, amount ").append(in.amountMinor()).append(' ')
          .append(in.currency()).append(in.railReference() == null ? "" : ", rail reference " + in.railReference()).append('\n');
    if (!r.events().isEmpty()) {
      md.append("\n### Instruction events (journal)\n\n| # | event | at | detail |\n|---|---|---|---|\n");
      for (EventLine e : r.events())
        md.append("| ").append(e.seqNr()).append(" | ").append(e.type()).append(" | ").append(text(e.at())).append(" | ")
            .append(cell(e.detail())).append(" |\n");
    }
    if (!r.railAttempts().isEmpty()) {
      md.append("\n### Rail attempts\n\n| attempt | rail | rail key | started | rail's answer |\n|---|---|---|---|---|\n");
      for (RailAttempt t : r.railAttempts())
        md.append("| ").append(t.attempt()).append(" | ").append(t.railId()).append(" | `").append(t.railKey()).append("` | ")
            .append(text(t.startedAt())).append(" | ").append(cell(t.answer())).append(" |\n");
    }
    md.append("\n## What the system observed\n\n");
    r.observed().forEach(o -> md.append("- ").append(o).append('\n'));
    md.append("\n## What it did\n\n");
    if (r.actions().isEmpty()) md.append("- nothing yet\n");
    r.actions().forEach(o -> md.append("- ").append(o).append('\n'));
    if (!r.interventionSteps().isEmpty()) {
      md.append("\n## Four-eyes steps\n\n");
      for (InterventionStep s : r.interventionSteps())
        md.append("- ").append(s.proposal().proposedBy()).append(" proposed ").append(s.proposal().resolution()).append(" at ")
            .append(text(s.proposal().proposedAt())).append(" (").append(s.proposal().reason()).append("; evidence: ")
            .append(s.proposal().evidence()).append(")")
            .append(s.decision() == null ? ", pending" : "; " + s.decision() + " by " + s.decidedBy() + " at " + text(s.decidedAt()))
            .append('\n');
    }
    md.append("\n## Supervisor action required\n\n").append(r.supervisorAction()).append('\n');
    return md.toString();
  }

  private static void row(StringBuilder md, String name, String value) {
    md.append("- **").append(name).append("**: ").append(value == null ? "-" : value).append('\n');
  }

  private static String cell(String text) {
    return text == null ? "" : text.replace("|", "\\|").replace("\n", " ");
  }

  private static String text(Instant t) {
    return t == null ? null : t.toString();
  }
}
