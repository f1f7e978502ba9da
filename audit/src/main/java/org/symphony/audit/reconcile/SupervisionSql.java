package org.symphony.audit.reconcile;

/**
 * The SQL that defines what is "open", shared by the reconciliation worker (JDBC) and the supervisor's gap analysis
 * (R2DBC), so the worker repairs exactly what the report counts. Placeholders are JDBC's {@code ?}.
 */
public final class SupervisionSql {

  private SupervisionSql() {}

  /**
   * Scans that start at a watermark start this much before it: another node's rows carry its own clock's
   * received_at, and a group commit may land a little after the time it records.
   */
  public static final java.time.Duration CLOCK_SKEW_MARGIN = java.time.Duration.ofMinutes(1);

  /** Reconciliation kinds that account for a forwarded attestation that has no outcome. */
  public static final String ACCOUNTED_KINDS = "('ACCOUNTED_BY_INSTRUCTION', 'ACCOUNTED_BY_RETRY', 'GHOST_ABANDONED')";

  /**
   * Forwarded attestations received before ? with no outcome and not accounted for: the attestation gap (INV-GAP).
   * Open ghosts stay here until a retry accounts for them or two operators abandon them.
   */
  public static final String UNRECONCILED_WHERE =
      " a.outcome = 'FORWARDED' AND a.received_at < ?"
          + " AND NOT EXISTS (SELECT 1 FROM attestation_outcome o WHERE o.attestation_id = a.attestation_id)"
          + " AND NOT EXISTS (SELECT 1 FROM reconciliation_record r WHERE r.attestation_id = a.attestation_id"
          + " AND r.kind IN " + ACCOUNTED_KINDS + ")";

  /**
   * Sequence holes: per participant, numbers with neither an instruction nor a VOID, below a number whose
   * instruction was accepted before ? (younger holes may be acceptances still on their way). Columns:
   * participant_id, first missing, last missing, the id before, the id after.
   */
  public static final String HOLES =
      "WITH known AS ("
          + "  SELECT participant_id, sequence_id, accepted_at AS seen_at FROM instruction_status"
          + "  UNION ALL SELECT participant_id, sequence_id, recorded_at FROM reconciliation_record WHERE kind = 'SEQUENCE_VOID'),"
          + " ordered AS (SELECT participant_id, sequence_id, seen_at,"
          + "  lag(sequence_id, 1, 0::bigint) OVER (PARTITION BY participant_id ORDER BY sequence_id) AS before FROM known)"
          + " SELECT participant_id, before + 1, sequence_id - 1, before, sequence_id FROM ordered"
          + " WHERE sequence_id > before + 1 AND seen_at < ? ORDER BY participant_id, sequence_id";

  /** Instructions without progress since before ?: PENDING, IN_FLIGHT or RECOVERING past their bound. */
  public static final String ZOMBIES =
      "SELECT instruction_id, participant_id, status, updated_at FROM instruction_status"
          + " WHERE status IN ('PENDING', 'IN_FLIGHT', 'RECOVERING') AND updated_at < ? ORDER BY updated_at";
}
