package org.symphony.audit.incident;

/** Which incidents to list; null fields match everything. limit is 1..{@value AuditIncidents#MAX_LIST}. */
public record IncidentFilter(IncidentStatus status, String kind, String participantId, int limit) {

  public IncidentFilter {
    if (limit < 1 || limit > AuditIncidents.MAX_LIST)
      throw new IllegalArgumentException("limit must be in [1, " + AuditIncidents.MAX_LIST + "]: " + limit);
  }

  public static IncidentFilter open(int limit) {
    return new IncidentFilter(IncidentStatus.OPEN, null, null, limit);
  }
}
