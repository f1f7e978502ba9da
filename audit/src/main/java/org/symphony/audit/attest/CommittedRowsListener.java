package org.symphony.audit.attest;

import java.util.List;
import org.symphony.audit.chain.AttestationRow;

/**
 * Told of each committed batch's rows in chain order (the checkpointer signs at exact positions from them). Called on
 * the writer thread after the batch's callers were answered; it delays the next batch, so keep it short.
 */
@FunctionalInterface
public interface CommittedRowsListener {

  CommittedRowsListener NONE = rows -> {};

  void committed(List<AttestationRow> rows);
}
