package org.symphony.audit.readmodel.check;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import javax.sql.DataSource;
import org.symphony.audit.readmodel.LedgerAccounts;
import org.symphony.audit.readmodel.LedgerPosting;
import org.symphony.engine.instruction.InstructionState;
import org.symphony.engine.instruction.InstructionStatus;
import org.symphony.engine.money.Currency;
import org.symphony.engine.participant.ParticipantState;

/**
 * INV-LEDGER against the journal: the ledger is rebuilt in memory from the journal's events ({@link JournalReplay})
 * and compared with the read model the projection wrote — per participant and currency, reserved (= Σ non-terminal
 * instructions) and committed (= the settlement account's balance = Σ succeeded); per instruction, its status and its
 * ledger lines (each instruction's lines sum to zero). Read-only: it changes nothing. On a busy node a figure may
 * differ for as long as the projection lags; run it on a quiet node, or again.
 */
public final class LedgerCheck {

  private static final Set<String> TERMINAL = Set.of(
      InstructionStatus.SUCCEEDED.name(), InstructionStatus.FAILED.name(), InstructionStatus.REJECTED.name());

  /** A read-model row of instruction_status. */
  private record Row(String participant, long amountMinor, String currency, String status) {}

  private final int fetchSize;
  private final int maxListed;
  private final List<LedgerDifference> listed = new ArrayList<>();
  private long differences;

  private LedgerCheck(int fetchSize, int maxListed) {
    this.fetchSize = fetchSize;
    this.maxListed = maxListed;
  }

  /**
   * @param fetchSize journal rows per round trip
   * @param maxListed differences kept for the report (all are counted)
   */
  public static LedgerCheckReport run(DataSource db, JournalEventDecoder decoder, int fetchSize, int maxListed) throws SQLException {
    if (fetchSize < 1 || maxListed < 0) throw new IllegalArgumentException("fetchSize >= 1 and maxListed >= 0");
    return new LedgerCheck(fetchSize, maxListed).check(db, decoder);
  }

  private LedgerCheckReport check(DataSource db, JournalEventDecoder decoder) throws SQLException {
    long start = System.nanoTime();
    JournalReplay journal;
    Map<String, Row> rows;
    Map<String, Map<String, Long>> lines;
    try (Connection c = db.getConnection()) {
      // One snapshot for the journal and the read model: what differs then differs at one instant (projection lag aside).
      c.setAutoCommit(false);
      c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
      c.setReadOnly(true);
      try {
        journal = JournalReplay.read(c, decoder, fetchSize, this::differ);
        rows = readModelRows(c);
        lines = readModelLines(c);
      } finally {
        c.rollback();
      }
    }
    Set<String> instructionIds = new TreeSet<>(rows.keySet());
    journal.instructions.forEach((id, state) -> {
      if (state instanceof InstructionState.Known) instructionIds.add(id);
    });
    for (String id : instructionIds) compareInstruction(id, journal.instructions.get(id), rows.get(id), lines.getOrDefault(id, Map.of()));

    Set<String> participantIds = new TreeSet<>(journal.participants.keySet());
    rows.values().forEach(r -> participantIds.add(r.participant()));
    Map<String, Long> settlement = settlementBalances(lines);
    for (String p : participantIds) compareParticipant(p, journal.participants.get(p), rows, settlement);

    return new LedgerCheckReport(journal.events, participantIds.size(), instructionIds.size(), differences, listed,
        Duration.ofNanos(System.nanoTime() - start));
  }

  private void compareInstruction(String id, InstructionState state, Row row, Map<String, Long> actualLines) {
    String subject = "instruction " + id;
    if (!(state instanceof InstructionState.Known known)) {
      differ(new LedgerDifference(subject, "existence", "absent", row.status()));
      return;
    }
    if (row == null) {
      differ(new LedgerDifference(subject, "existence", known.status().name(), "absent"));
      return;
    }
    if (!known.status().name().equals(row.status())) differ(new LedgerDifference(subject, "status", known.status().name(), row.status()));
    if (known.terms().amount().amountMinor() != row.amountMinor() || !known.terms().amount().currency().name().equals(row.currency()))
      differ(new LedgerDifference(subject, "amount", known.terms().amount().toString(), row.amountMinor() + " " + row.currency()));
    Map<String, Long> expected = new TreeMap<>();
    if (known instanceof InstructionState.Succeeded s) {
      for (LedgerPosting p : LedgerPosting.forSuccess(s.terms().participantId(), s.dispatch().railId(),
          s.terms().amount().currency().name(), s.terms().amount().amountMinor()))
        expected.merge(p.account() + " " + p.currency(), p.amountMinor(), Long::sum);
    }
    if (!expected.equals(new TreeMap<>(actualLines))) differ(new LedgerDifference(subject, "lines", expected.toString(), new TreeMap<>(actualLines).toString()));
    long sum = actualLines.values().stream().mapToLong(Long::longValue).sum();
    if (sum != 0) differ(new LedgerDifference(subject, "lines sum", "0", Long.toString(sum)));
  }

  private void compareParticipant(String p, ParticipantState state, Map<String, Row> rows, Map<String, Long> settlement) {
    Map<String, Long> reservedJournal = new TreeMap<>();
    Map<String, Long> committedJournal = new TreeMap<>();
    if (state != null) {
      state.reservedMinor().forEach((c, v) -> { if (v != 0) reservedJournal.put(c.name(), v); });
      state.committedMinor().forEach((c, v) -> { if (v != 0) committedJournal.put(c.name(), v); });
    }
    Map<String, Long> reservedRead = new TreeMap<>();
    Map<String, Long> succeededRead = new TreeMap<>();
    for (Row r : rows.values()) {
      if (!r.participant().equals(p)) continue;
      if (!TERMINAL.contains(r.status())) reservedRead.merge(r.currency(), r.amountMinor(), Long::sum);
      if (InstructionStatus.SUCCEEDED.name().equals(r.status())) succeededRead.merge(r.currency(), r.amountMinor(), Long::sum);
    }
    Map<String, Long> committedRead = new TreeMap<>();
    for (Currency c : Currency.values()) {
      Long balance = settlement.get(LedgerAccounts.settlement(p) + " " + c.name());
      if (balance != null && balance != 0) committedRead.put(c.name(), balance);
    }
    String subject = "participant " + p;
    if (!reservedJournal.equals(reservedRead)) differ(new LedgerDifference(subject, "reserved", reservedJournal.toString(), reservedRead.toString()));
    if (!committedJournal.equals(committedRead))
      differ(new LedgerDifference(subject, "committed (settlement account)", committedJournal.toString(), committedRead.toString()));
    if (!committedJournal.equals(succeededRead))
      differ(new LedgerDifference(subject, "committed (Σ succeeded)", committedJournal.toString(), succeededRead.toString()));
  }

  private void differ(LedgerDifference d) {
    differences++;
    if (listed.size() < maxListed) listed.add(d);
  }

  private static Map<String, Row> readModelRows(Connection c) throws SQLException {
    Map<String, Row> rows = new HashMap<>();
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT instruction_id, participant_id, amount_minor, currency, status FROM instruction_status")) {
      while (rs.next()) rows.put(rs.getString(1), new Row(rs.getString(2), rs.getLong(3), rs.getString(4), rs.getString(5)));
    }
    return rows;
  }

  /** instruction → "account currency" → Σ amount_minor. */
  private static Map<String, Map<String, Long>> readModelLines(Connection c) throws SQLException {
    Map<String, Map<String, Long>> lines = new HashMap<>();
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT instruction_id, account, currency, amount_minor FROM ledger_line")) {
      while (rs.next())
        lines.computeIfAbsent(rs.getString(1), k -> new HashMap<>()).merge(rs.getString(2) + " " + rs.getString(3), rs.getLong(4), Long::sum);
    }
    return lines;
  }

  /** "account currency" → balance, over every instruction's lines. */
  private static Map<String, Long> settlementBalances(Map<String, Map<String, Long>> lines) {
    Map<String, Long> balances = new HashMap<>();
    lines.values().forEach(perInstruction -> perInstruction.forEach((k, v) -> balances.merge(k, v, Long::sum)));
    return balances;
  }

  @Override
  public String toString() {
    return "LedgerCheck[" + differences + " differences]";
  }
}
