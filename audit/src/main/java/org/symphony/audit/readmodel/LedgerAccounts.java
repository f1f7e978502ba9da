package org.symphony.audit.readmodel;

/** Account names of the double-entry ledger. */
public final class LedgerAccounts {

  private LedgerAccounts() {}

  /** What the participant owes for its succeeded outflows (debited). */
  public static String settlement(String participantId) {
    return "participant:" + participantId + ":settlement";
  }

  /** What the rail paid out on Symphony's instruction (credited). */
  public static String clearing(String railId) {
    return "rail:" + railId + ":clearing";
  }
}
