package org.symphony.audit.intervention;

import java.util.List;
import java.util.Optional;
import org.symphony.audit.incident.AuditIncident;
import org.symphony.audit.incident.IncidentKind;

/** An open incident only two operators can close, with the endings allowed for its kind and any pending proposal. */
public record Intervention(AuditIncident incident, Optional<Proposal> pending) {

  public List<String> allowedResolutions() {
    return allowedFor(incident.kind());
  }

  /**
   * UNKNOWN_OUTCOME: the rail executed it or not. DLQ: the reservation was already released, so only a confirmation
   * of the failure. GHOST: nothing to execute (no payload is stored): abandoned once the participant was told.
   */
  public static List<String> allowedFor(String kind) {
    if (IncidentKind.UNKNOWN_OUTCOME.name().equals(kind)) return List.of("SUCCEEDED", "FAILED");
    if (IncidentKind.DLQ.name().equals(kind)) return List.of("FAILED");
    if (IncidentKind.GHOST_RECOVERY.name().equals(kind)) return List.of("ABANDONED");
    return List.of();
  }
}
