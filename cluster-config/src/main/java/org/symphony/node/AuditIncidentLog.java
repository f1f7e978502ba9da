package org.symphony.node;

import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.symphony.audit.incident.AuditIncidents;
import org.symphony.audit.incident.IncidentKind;
import org.symphony.engine.incident.IncidentLog;

/** The engine's incidents (DLQ, UNKNOWN_OUTCOME) in the audit incident table, written off the entity's thread. */
final class AuditIncidentLog implements IncidentLog {

  private static final Logger LOG = LoggerFactory.getLogger(AuditIncidentLog.class);

  private final AuditIncidents incidents;
  private final String nodeId;
  private final Executor blocking;

  AuditIncidentLog(AuditIncidents incidents, String nodeId, Executor blocking) {
    this.incidents = incidents;
    this.nodeId = nodeId;
    this.blocking = blocking;
  }

  @Override
  public void record(String kind, String instructionId, String detail) {
    IncidentKind known = IncidentKind.valueOf(kind);
    blocking.execute(() -> {
      try {
        incidents.record(known, nodeId, "instruction " + instructionId + ": " + detail);
      } catch (Exception e) {
        // The instruction's own events still say what happened; the incident row is the operator's pointer.
        LOG.error("could not record {} incident for instruction {}: {}", kind, instructionId, e.toString());
      }
    });
  }
}
