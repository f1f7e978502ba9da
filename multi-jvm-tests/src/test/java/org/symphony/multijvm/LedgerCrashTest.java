package org.symphony.multijvm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * INV-LEDGER through a crash: 1,000 instructions from three participants — successes on two rails, rail
 * failures, policy rejections (a single-amount cap set by the operator), unconnected operators — with the
 * node SIGKILLed half-way (every participant and instruction entity dies with it) and restarted on the same
 * home. After the faults: every instruction terminal; per participant nothing reserved, committed = Σ
 * succeeded amounts = its settlement account; the ledger lines of each instruction sum to zero and only
 * succeeded instructions have any; a rebuild of the read model from the journal gives identical balances.
 */
class LedgerCrashTest {

  private static final int INSTRUCTIONS = 1_000;
  private static final int CRASH_AT = 500;
  private static final int IN_FLIGHT = 32;
  private static final Duration NODE_START = Duration.ofSeconds(120);
  private static final Duration ALL_TERMINAL = Duration.ofSeconds(180);
  private static final Set<String> TERMINAL = Set.of("SUCCEEDED", "FAILED", "REJECTED");
  /** Rails answer "pending" for a while, so the crash finds instructions in flight. */
  private static final Map<String, String> SLOW_RAILS = Map.of(
      "symphony.rails.simulator.mtn.completion-delay", "1s",
      "symphony.rails.simulator.airtel.completion-delay", "1s");

  @TempDir Path home;
  private final List<NodeProcess> nodes = new ArrayList<>();

  private record Submitted(String participantId, String key, String body, BigDecimal amount) {}

  @AfterEach
  void stopNodes() {
    List<String> problems = new ArrayList<>();
    for (NodeProcess n : nodes)
      if (n.isAlive() && !n.stop(Duration.ofSeconds(60))) problems.add(n.name() + " did not stop on SIGTERM");
    NodeProcess.processesUsing(home).forEach(ProcessHandle::destroyForcibly);
    if (!problems.isEmpty()) fail(String.join("\n", problems));
  }

  @Test
  void ledgerAndPositionsAgreeAfterACrashAndAfterARebuild() throws Exception {
    Path logDir = Path.of(System.getProperty("symphony.multijvm.log-dir", System.getProperty("java.io.tmpdir")))
        .resolve("LedgerCrashTest-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
    NodeProcess.Ports ports = NodeProcess.Ports.free();
    NodeProcess a = start("node-a", ports, logDir);
    JsonNode devA = a.devJson();
    EdgeApi api = EdgeApi.of(devA);
    List<JsonNode> participants = new ArrayList<>();
    devA.get("participants").forEach(participants::add);
    assertEquals(3, participants.size(), "dev participants");
    String capped = participants.get(2).get("id").asText();

    String operator = operatorToken(api, devA);
    EdgeApi.Answer limits = api.call("PUT", "/admin/participants/" + capped + "/limits", operator,
        "{\"reason\":\"ledger drill\",\"limits\":{\"ZMW\":{\"maxSingle\":\"150.00\"}}}");
    assertEquals(200, limits.status(), limits.toString());

    String run = UUID.randomUUID().toString().substring(0, 8);
    List<Submitted> all = new ArrayList<>();
    for (int i = 0; i < INSTRUCTIONS; i++) {
      JsonNode p = participants.get(i % 3);
      BigDecimal amount = new BigDecimal(String.format("%d.%02d", 100 + (i % 97), i % 100));
      all.add(new Submitted(p.get("id").asText(), "ledger-" + run + "-" + i, body(i, amount), amount));
    }

    Map<String, String> tokens = tokens(api, participants);
    Map<String, String> instructionIds = new HashMap<>();
    submit(api, tokens, all.subList(0, CRASH_AT), instructionIds);
    a.kill();
    log("node-a SIGKILLed after %d submissions", CRASH_AT);

    NodeProcess b = start("node-b", ports, logDir);
    JsonNode dev = b.devJson(); // same credentials; the database and simulators listen on new ports
    api = EdgeApi.of(dev);
    tokens = tokens(api, participants);
    operator = operatorToken(api, dev);
    submit(api, tokens, all, instructionIds); // the first half again (duplicates: replayed), then the rest

    // Every instruction terminal.
    Map<String, String> status = new HashMap<>();
    Map<String, BigDecimal> succeeded = new TreeMap<>();
    final EdgeApi live = api;
    final Map<String, String> liveTokens = tokens;
    Await.until("all " + INSTRUCTIONS + " instructions terminal", ALL_TERMINAL, () -> {
      status.clear();
      for (Submitted s : all) {
        EdgeApi.Answer view = live.instructionAsync(liveTokens.get(s.participantId()), instructionIds.get(s.key())).join();
        status.put(s.key(), view.status() == 200 ? view.json().get("status").asText() : "HTTP " + view.status());
      }
      return status.values().stream().allMatch(TERMINAL::contains);
    }, () -> "statuses: " + count(status));
    Map<String, Long> tally = count(status);
    log("after the crash: %s", tally);
    assertTrue(tally.getOrDefault("SUCCEEDED", 0L) > 0 && tally.getOrDefault("FAILED", 0L) > 0 && tally.getOrDefault("REJECTED", 0L) > 0,
        "a mixed run: " + tally);
    for (Submitted s : all)
      if ("SUCCEEDED".equals(status.get(s.key()))) succeeded.merge(s.participantId(), s.amount(), BigDecimal::add);

    // Positions: nothing reserved, committed = Σ succeeded; the settlement account says the same.
    Map<String, String> expectedSettlement = new TreeMap<>();
    for (JsonNode p : participants) {
      String id = p.get("id").asText();
      JsonNode view = api.call("GET", "/admin/participants/" + id, operator, null).json();
      JsonNode zmw = view.get("positions").get("ZMW");
      assertEquals(0, new BigDecimal(zmw.get("reserved").asText()).signum(), id + " reserved: " + view);
      BigDecimal committed = new BigDecimal(zmw.get("committed").asText());
      assertEquals(0, succeeded.getOrDefault(id, BigDecimal.ZERO).compareTo(committed), id + " committed vs Σ succeeded: " + view);
      expectedSettlement.put("participant:" + id + ":settlement", committed.setScale(2).toPlainString());
    }
    Map<String, String> before = awaitLedger(api, operator, expectedSettlement);
    BigDecimal total = before.values().stream().map(BigDecimal::new).reduce(BigDecimal.ZERO, BigDecimal::add);
    assertEquals(0, total.signum(), "debits and credits balance: " + before);
    assertLinesBalancePerInstruction(dev);

    EdgeApi.Answer rebuild = api.call("POST", "/admin/read-model/rebuild", operator, null);
    assertEquals(202, rebuild.status(), rebuild.toString());
    Map<String, String> after = awaitLedger(api, operator, expectedSettlement);
    assertEquals(before, after, "a rebuild from the journal gives identical balances");
    assertLinesBalancePerInstruction(dev);
  }

  private static void submit(EdgeApi api, Map<String, String> tokens, List<Submitted> batch, Map<String, String> ids) {
    for (int from = 0; from < batch.size(); from += IN_FLIGHT) {
      List<Submitted> slice = batch.subList(from, Math.min(batch.size(), from + IN_FLIGHT));
      List<CompletableFuture<EdgeApi.Answer>> answers = new ArrayList<>();
      for (Submitted s : slice) answers.add(api.submitAsync(tokens.get(s.participantId()), s.key(), s.body()));
      for (int i = 0; i < slice.size(); i++) {
        EdgeApi.Answer answer = answers.get(i).join();
        assertTrue(answer.status() == 200 || answer.status() == 202 || answer.status() == 422, slice.get(i).key() + ": " + answer);
        ids.put(slice.get(i).key(), answer.json().get("instructionId").asText());
      }
    }
  }

  /** Every instruction's lines sum to zero; only SUCCEEDED instructions have lines; each of them has two. */
  private static void assertLinesBalancePerInstruction(JsonNode dev) throws Exception {
    try (Connection c = DriverManager.getConnection(dev.get("db_url").asText(), dev.get("db_user").asText(), dev.get("db_password").asText());
         Statement st = c.createStatement()) {
      try (ResultSet rs = st.executeQuery("SELECT count(*) FROM (SELECT instruction_id FROM ledger_line GROUP BY instruction_id"
          + " HAVING sum(amount_minor) <> 0 OR count(*) <> 2) bad")) {
        rs.next();
        assertEquals(0, rs.getLong(1), "instructions whose lines do not balance");
      }
      try (ResultSet rs = st.executeQuery("SELECT count(*) FROM ledger_line l JOIN instruction_status s USING (instruction_id)"
          + " WHERE s.status <> 'SUCCEEDED'")) {
        rs.next();
        assertEquals(0, rs.getLong(1), "lines of instructions that did not succeed");
      }
      try (ResultSet rs = st.executeQuery("SELECT count(*) FROM instruction_status s WHERE s.status = 'SUCCEEDED'"
          + " AND NOT EXISTS (SELECT 1 FROM ledger_line l WHERE l.instruction_id = s.instruction_id)")) {
        rs.next();
        assertEquals(0, rs.getLong(1), "succeeded instructions without lines");
      }
    }
  }

  /** The ledger's balances once every settlement account shows the expected amount (the projection caught up). */
  private static Map<String, String> awaitLedger(EdgeApi api, String operator, Map<String, String> expectedSettlement) {
    Map<String, String> balances = new TreeMap<>();
    Await.until("ledger caught up", Duration.ofSeconds(60), () -> {
      balances.clear();
      EdgeApi.Answer answer = api.call("GET", "/admin/ledger", operator, null);
      if (answer.status() != 200) return false;
      for (JsonNode account : answer.json().get("accounts"))
        balances.put(account.get("account").asText() + "/" + account.get("currency").asText(), account.get("balance").asText());
      return expectedSettlement.entrySet().stream().allMatch(e -> e.getValue().equals(balances.get(e.getKey() + "/ZMW")));
    }, () -> "expected " + expectedSettlement + ", ledger " + balances);
    return Map.copyOf(balances);
  }

  private NodeProcess start(String name, NodeProcess.Ports ports, Path logDir) throws Exception {
    long t = System.nanoTime();
    NodeProcess node = NodeProcess.start(name, home, ports, SLOW_RAILS, logDir, NODE_START);
    nodes.add(node);
    log("%s up in %d ms (pid %d), log %s", name, Await.millisSince(t), node.pid(), node.log());
    return node;
  }

  private static Map<String, String> tokens(EdgeApi api, List<JsonNode> participants) throws Exception {
    Map<String, String> tokens = new LinkedHashMap<>();
    for (JsonNode p : participants) tokens.put(p.get("id").asText(), api.token(p.get("client_id").asText(), p.get("client_secret").asText()));
    return tokens;
  }

  private static String operatorToken(EdgeApi api, JsonNode dev) throws Exception {
    return api.token(dev.get("operator").get("client_id").asText(), dev.get("operator").get("client_secret").asText());
  }

  /** i % 10: 0-5 MTN, 6 Airtel (succeed unless capped), 7 MTN payee not found (FAILED), 8 Zamtel (REJECTED), 9 Airtel. */
  private static String body(int i, BigDecimal amount) {
    String msisdn = switch (i % 10) {
      case 6, 9 -> String.format("+26097%07d", 1000 + i);
      case 7 -> "+260961230000";
      case 8 -> String.format("+26095%07d", 1000 + i);
      default -> String.format("+26096%07d", 1000 + i);
    };
    return "{\"amount\":{\"value\":\"" + amount.toPlainString() + "\",\"currency\":\"ZMW\"},\"creditor\":{\"msisdn\":\"" + msisdn
        + "\"},\"reference\":\"LEDGER-" + i + "\"}";
  }

  private static Map<String, Long> count(Map<String, String> status) {
    Map<String, Long> counts = new TreeMap<>();
    status.values().forEach(s -> counts.merge(s, 1L, Long::sum));
    return counts;
  }

  private static void log(String format, Object... args) {
    System.out.println(LocalDateTime.now().format(DateTimeFormatter.ISO_LOCAL_TIME) + " " + String.format(format, args));
  }
}
