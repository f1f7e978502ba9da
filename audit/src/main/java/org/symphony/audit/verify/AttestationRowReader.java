package org.symphony.audit.verify;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.UUID;
import org.symphony.audit.chain.AttestationRow;

/** Maps an ingress_attestation row, selected as {@link #COLUMNS}, to the {@link AttestationRow} that is hashed. */
public final class AttestationRowReader {

  public static final String COLUMNS = "attestation_id, node_id, node_seq, received_at, subject, key_id, request_id, "
      + "idempotency_key, method, path, body_sha256, outcome, problem_code, http_status, prev_hash, hash, "
      + "refused_count, source_address";

  private AttestationRowReader() {}

  public static AttestationRow read(ResultSet rs) throws SQLException {
    int status = rs.getInt("http_status");
    Integer httpStatus = rs.wasNull() ? null : status;
    long refusedCount = rs.getLong("refused_count");
    // Null on rows attesting one request; a count with its source on rows counting refusals (audit/CHAIN.md).
    AttestationRow.Refusals refusals =
        rs.wasNull() ? null : new AttestationRow.Refusals(refusedCount, rs.getString("source_address"));
    return new AttestationRow(
        rs.getObject("attestation_id", UUID.class),
        rs.getString("node_id"),
        rs.getLong("node_seq"),
        rs.getObject("received_at", OffsetDateTime.class).toInstant(),
        rs.getString("subject"),
        rs.getString("key_id"),
        rs.getString("request_id"),
        rs.getString("idempotency_key"),
        rs.getString("method"),
        rs.getString("path"),
        rs.getString("body_sha256"),
        AttestationRow.Outcome.valueOf(rs.getString("outcome")), // the table's CHECK admits only the enum's names
        rs.getString("problem_code"),
        httpStatus,
        rs.getString("prev_hash"),
        rs.getString("hash"),
        refusals);
  }
}
