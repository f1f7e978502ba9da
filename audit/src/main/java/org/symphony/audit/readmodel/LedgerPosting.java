package org.symphony.audit.readmodel;

import java.util.List;

/** One line of the double-entry ledger as a rule makes it: debit positive, credit negative, minor units. */
public record LedgerPosting(int lineNo, String account, String currency, long amountMinor) {

  /**
   * The lines of a succeeded instruction: the participant's settlement account is debited, the rail's clearing account
   * credited; they sum to zero. Failed and rejected instructions post nothing.
   */
  public static List<LedgerPosting> forSuccess(String participantId, String railId, String currency, long amountMinor) {
    return List.of(
        new LedgerPosting(1, LedgerAccounts.settlement(participantId), currency, amountMinor),
        new LedgerPosting(2, LedgerAccounts.clearing(railId), currency, -amountMinor));
  }
}
