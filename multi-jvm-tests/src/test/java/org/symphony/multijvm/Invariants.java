package org.symphony.multijvm;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.symphony.engine.rail.RailKey;
import org.symphony.node.Main;
import picocli.CommandLine;

/**
 * The invariants every partition scenario ends with, read from the database and the rails' strike ledgers (never
 * from a node's memory): INV-TERMINAL, INV-SEQ, INV-ONCE and the attestation gap. Each returns a {@link Check} with
 * real numbers for the report; the test asserts them after the report is written.
 */
final class Invariants {

  static final Set<String> TERMINAL = Set.of("SUCCEEDED", "FAILED", "REJECTED");

  /** Where the read model is read from: the lab's database, or a promoted standby. */
  interface Connections {
    Connection connect() throws java.sql.SQLException;
  }

  /** One invariant's verdict and the numbers behind it. */
  record Check(String name, boolean holds, String detail) {}

  /** One row of the read model. */
  record Row(String instructionId, String participant, long sequenceId, String railKey, String rail, String status) {}

  private Invariants() {}

  /**
   * INV-TERMINAL: every accepted instruction (and every instruction the read model knows) reaches SUCCEEDED, FAILED
   * or REJECTED within {@code deadline}.
   */
  static Check terminal(Connections db, List<LoadDriver.Attempt> accepted, Duration deadline) {
    long start = System.nanoTime();
    Map<String, Row>[] last = new Map[] {Map.of()};
    try {
      Await.until("every accepted instruction terminal", deadline, () -> {
        last[0] = rows(db);
        return open(last[0], accepted).isEmpty();
      });
    } catch (AssertionError notInTime) {
      List<String> open = open(last[0], accepted);
      return new Check("INV-TERMINAL", false, open.size() + " of " + accepted.size() + " accepted (or known) instructions not terminal after "
          + deadline.toSeconds() + " s, e.g. " + open.subList(0, Math.min(10, open.size())) + "; statuses " + statusCounts(last[0]));
    }
    return new Check("INV-TERMINAL", true, accepted.stream().map(LoadDriver.Attempt::instructionId).distinct().count() + " accepted (202, or 200 to a retry), " + last[0].size() + " instructions in the read model, all terminal "
        + Await.millisSince(start) + " ms after the load stopped: " + statusCounts(last[0]));
  }

  /**
   * INV-SEQ: per participant the sequence ids of the read model's instructions and of the voided numbers (sequenced
   * for an instruction that never recorded its acceptance, closed by the participant: reconciliation_record
   * SEQUENCE_VOID) are together exactly 1..n; every 202 named the sequence id its instruction has; no two accepted
   * instructions share a participant's sequence id (as a split brain would make).
   */
  static Check sequences(Connections db, List<LoadDriver.Attempt> accepted) throws Exception {
    Map<String, Row> rows = rows(db);
    Map<String, List<Long>> voids = voids(db);
    List<String> problems = new ArrayList<>();
    Map<String, List<Long>> byParticipant = new TreeMap<>();
    rows.values().forEach(r -> byParticipant.computeIfAbsent(r.participant(), p -> new ArrayList<>()).add(r.sequenceId()));
    voids.forEach((participant, ids) -> byParticipant.computeIfAbsent(participant, p -> new ArrayList<>()).addAll(ids));
    Map<String, Integer> lengths = new TreeMap<>();
    byParticipant.forEach((participant, ids) -> {
      ids.sort(Long::compare);
      lengths.put(participant, ids.size());
      for (int i = 0; i < ids.size(); i++) {
        if (ids.get(i) != i + 1) {
          problems.add(participant + ": sequence ids (instructions and voids) are not 1.." + ids.size() + " (position " + (i + 1)
              + " holds " + ids.get(i) + (i > 0 && ids.get(i).equals(ids.get(i - 1)) ? ": a repeat" : ": a hole before it") + ")");
          break;
        }
      }
    });
    Map<String, Set<String>> claims = new HashMap<>();
    for (LoadDriver.Attempt a : accepted) {
      claims.computeIfAbsent(a.participant() + "#" + a.sequenceId(), k -> new TreeSet<>()).add(a.instructionId());
      Row row = rows.get(a.instructionId());
      if (row == null) problems.add("accepted " + a.instructionId() + " (" + a.key() + ") is not in the read model");
      else if (row.sequenceId() != a.sequenceId() || !row.participant().equals(a.participant()))
        problems.add(a.instructionId() + ": 202 said " + a.participant() + "#" + a.sequenceId() + ", the read model " + row.participant() + "#" + row.sequenceId());
    }
    claims.forEach((seq, ids) -> {
      if (ids.size() > 1) problems.add("sequence " + seq + " accepted for " + ids.size() + " instructions: " + ids);
    });
    Map<String, Integer> voided = new TreeMap<>();
    voids.forEach((participant, ids) -> voided.put(participant, ids.size()));
    String numbers = "sequence ids per participant " + lengths + ", of which voided (never accepted) " + voided + "; "
        + accepted.stream().map(LoadDriver.Attempt::instructionId).distinct().count() + " accepted instructions, " + claims.size()
        + " distinct participant sequence ids among their answers";
    return problems.isEmpty()
        ? new Check("INV-SEQ", true, "gapless and unique: " + numbers)
        : new Check("INV-SEQ", false, problems.size() + " problems: " + first(problems) + "; " + numbers);
  }

  /**
   * INV-ONCE: no rail key executed more than once on any rail; every SUCCEEDED instruction executed exactly once; no
   * execution the read model does not know.
   */
  static Check once(LabDatabase db, RailSimulators rails) throws Exception {
    Map<String, Row> rows = rows(db);
    Map<String, Integer> executions = new HashMap<>();
    Map<String, Long> totals = new LinkedHashMap<>();
    List<String> problems = new ArrayList<>();
    for (Map.Entry<RailSimulators.Rail, JsonNode> e : rails.strikes().entrySet()) {
      totals.put(e.getKey().name(), e.getValue().path("total").asLong());
      for (Map.Entry<String, JsonNode> ref : e.getValue().path("references").properties()) {
        executions.merge(railKeyOf(ref.getKey()), ref.getValue().asInt(), Integer::sum);
      }
    }
    executions.forEach((key, n) -> {
      if (n > 1) problems.add("rail key " + key + " executed " + n + " times");
    });
    Map<String, Row> byRailKey = new HashMap<>();
    rows.values().forEach(r -> byRailKey.put(r.railKey(), r));
    long succeeded = 0;
    for (Row r : rows.values()) {
      if (!"SUCCEEDED".equals(r.status())) continue;
      succeeded++;
      if (executions.getOrDefault(r.railKey(), 0) != 1)
        problems.add(r.instructionId() + " SUCCEEDED but its rail key was executed " + executions.getOrDefault(r.railKey(), 0) + " times");
    }
    long unknown = executions.keySet().stream().filter(k -> !byRailKey.containsKey(k)).count();
    if (unknown > 0) problems.add(unknown + " executions of rail keys no instruction has");
    String numbers = "strike totals " + totals + ", " + executions.size() + " distinct rail keys executed, " + succeeded + " SUCCEEDED instructions";
    return problems.isEmpty()
        ? new Check("INV-ONCE", true, "every rail key at most once, every SUCCEEDED exactly once: " + numbers)
        : new Check("INV-ONCE", false, problems.size() + " problems: " + first(problems) + "; " + numbers);
  }

  /**
   * The rail key a strike ledger names: MTN and Airtel record the key itself, RTGS its pacs.008 message id
   * ("SYM" + the key's 32 hex digits, see rails' Pacs008.messageId).
   */
  static String railKeyOf(String reference) {
    String hex = reference.startsWith(RTGS_MESSAGE_ID_PREFIX) ? reference.substring(RTGS_MESSAGE_ID_PREFIX.length()) : reference;
    return RailKey.fromCompactHex(hex).map(RailKey::value).orElse(reference);
  }

  private static final String RTGS_MESSAGE_ID_PREFIX = "SYM";

  /** The attestation gap: {@code symphony gap-report --json} exits 0 (nothing unreconciled) within {@code deadline}. */
  static Check gap(LabDatabase db, Duration grace, Duration deadline) {
    Cli[] last = new Cli[1];
    long start = System.nanoTime();
    try {
      Await.until("gap-report exits 0", deadline, () -> {
        last[0] = run("gap-report", "--json", "--db-url", db.url(), "--db-user", db.runtimeUser(), "--db-password", db.runtimePassword(),
            "--grace", grace.toSeconds() + "s");
        return last[0].exit() == 0;
      });
    } catch (AssertionError notInTime) {
      return new Check("attestation gap", false, "gap-report still exits " + (last[0] == null ? "?" : last[0].exit()) + " after "
          + deadline.toSeconds() + " s: " + (last[0] == null ? "" : totals(last[0].out())));
    }
    return new Check("attestation gap", true, "reconciled to 0 within " + Await.millisSince(start) + " ms: " + totals(last[0].out()));
  }

  private static String totals(String json) {
    try {
      return EdgeApi.JSON.readTree(json).path("totals").toString();
    } catch (Exception e) {
      return json.length() > 400 ? json.substring(0, 400) : json;
    }
  }

  private record Cli(int exit, String out) {}

  /** Runs a CLI command of the node in this JVM, its standard output captured. */
  private static synchronized Cli run(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    PrintStream previous = System.out;
    System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    try {
      return new Cli(new CommandLine(new Main()).execute(args), out.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(previous);
    }
  }

  private static List<String> open(Map<String, Row> rows, List<LoadDriver.Attempt> accepted) {
    List<String> open = new ArrayList<>();
    for (LoadDriver.Attempt a : accepted) {
      Row r = rows.get(a.instructionId());
      if (r == null || !TERMINAL.contains(r.status())) open.add(a.instructionId() + "=" + (r == null ? "absent" : r.status()));
    }
    rows.values().stream().filter(r -> !TERMINAL.contains(r.status())).forEach(r -> {
      if (!open.contains(r.instructionId() + "=" + r.status())) open.add(r.instructionId() + "=" + r.status());
    });
    return open;
  }

  static Map<String, Long> statusCounts(Map<String, Row> rows) {
    Map<String, Long> counts = new TreeMap<>();
    rows.values().forEach(r -> counts.merge(r.status(), 1L, Long::sum));
    return counts;
  }

  /** The read model: instruction id → row. */
  static Map<String, Row> rows(Connections db) throws Exception {
    Map<String, Row> rows = new HashMap<>();
    try (Connection c = db.connect(); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("select instruction_id, participant_id, sequence_id, rail_key, rail_id, status from instruction_status")) {
      while (rs.next())
        rows.put(rs.getString(1), new Row(rs.getString(1), rs.getString(2), rs.getLong(3), rs.getString(4), rs.getString(5), rs.getString(6)));
    }
    return rows;
  }

  /** Voided sequence numbers: participant → sequence ids (reconciliation_record, kind SEQUENCE_VOID). */
  static Map<String, List<Long>> voids(Connections db) throws Exception {
    Map<String, List<Long>> voids = new TreeMap<>();
    try (Connection c = db.connect(); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("select participant_id, sequence_id from reconciliation_record where kind = 'SEQUENCE_VOID'")) {
      while (rs.next()) voids.computeIfAbsent(rs.getString(1), p -> new ArrayList<>()).add(rs.getLong(2));
    }
    return voids;
  }

  private static String first(List<String> problems) {
    return String.join("; ", problems.subList(0, Math.min(8, problems.size())));
  }
}
