package org.symphony.audit.incident;

import java.time.Instant;
import java.util.UUID;

/** One row of {@code audit_incident}. The kind is text so that kinds written by newer nodes still read. */
public record AuditIncident(UUID incidentId, String kind, String nodeId, String detail, Instant createdAt) {}
