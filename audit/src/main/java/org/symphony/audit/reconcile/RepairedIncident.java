package org.symphony.audit.reconcile;

import java.util.UUID;

/** An open incident whose instruction shows it is repaired, with that instruction as the read model holds it. */
public record RepairedIncident(UUID incidentId, KnownInstruction instruction) {}
