package org.symphony.node;

import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.symphony.audit.incident.AuditIncidents;
import org.symphony.audit.incident.IncidentKind;
import org.symphony.audit.incident.NewIncident;
import org.symphony.engine.incident.IncidentLog;

/**
 * The engine's incidents (DLQ, UNKNOWN_OUTCOME) opened in the audit incident table, off the entity's thread. One
 * incident per instruction and kind (a repeat finds the open one); the reconciliation worker opens any that a
 * crash kept from being written here.
 */
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
  public void record(String kind, String participantId, String instructionId, String detail) {
    IncidentKind known = IncidentKind.valueOf(kind);
    blocking.execute(() -> {
      try {
        incidents.open(new NewIncident(
            known, NewIncident.instructionKey(known, instructionId), nodeId, participantId, instructionId, null, null,
            "instruction " + instructionId + ": " + detail));
      } catch (Exception e) {
        // The instruction's own events still say what happened, and the reconciliation worker re-checks.
        LOG.error("could not record {} incident for instruction {}: {}", kind, instructionId, e.toString());
      }
    });
  }
}
