package org.symphony.audit.readmodel.check;

/**
 * One way the read model disagrees with the journal.
 *
 * @param subject "participant bank-a ZMW", "instruction 0193…", …
 * @param what which figure: reserved, committed, status, lines, …
 */
public record LedgerDifference(String subject, String what, String journal, String readModel) {

  @Override
  public String toString() {
    return subject + " " + what + ": journal " + journal + ", read model " + readModel;
  }
}
