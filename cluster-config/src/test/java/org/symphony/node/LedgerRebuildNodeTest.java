package org.symphony.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.symphony.audit.evidence.EvidenceResult;
import org.symphony.audit.evidence.EvidenceSection;
import picocli.CommandLine;

/**
 * BC/DR drill, INV-LEDGER: after a few hundred instructions across participants with mixed outcomes (succeeded,
 * failed at the rail, rejected), {@code symphony ledger-rebuild --check} rebuilds the ledger from the journal and finds
 * the read model equal to it — per participant reserved and committed, per instruction status and lines. One edited
 * ledger line is then reported as a difference, with exit 1.
 */
@Timeout(300)
class LedgerRebuildNodeTest {

  private static final int PER_PARTICIPANT = 80;
  /** Submissions in flight at once: a few hundred is a burst, not a flood. */
  private static final int CONCURRENT = 30;
  private static final Duration SETTLED = Duration.ofSeconds(120);
  private static final Duration AGREED = Duration.ofSeconds(60);

  @TempDir Path home;

  /** The command's exit code and its standard output. */
  private record Run(int exit, String out) {}

  @Test
  void ledgerRebuiltFromTheJournalEqualsTheReadModel_andAnEditedLineIsReported() throws Exception {
    try (EvidenceResult evidence = EvidenceResult.start(EvidenceSection.BCDR, "ledger_rebuild", getClass());
        SymphonyNode node = SymphonyNode.start(TestNodes.options(home))) {
      EdgeClient edge = new EdgeClient(node.edgeUrl());
      Map<String, Integer> answers = new TreeMap<>();
      List<String> ids = new ArrayList<>();
      List<CompletableFuture<HttpResponse<String>>> window = new ArrayList<>();
      for (DevCredentials.Client p : node.credentials().participants()) {
        String token = edge.token(p);
        for (int i = 0; i < PER_PARTICIPANT; i++) {
          window.add(edge.submit(token, p.subject() + "-ledger-" + i, EdgeClient.body(amount(i), msisdn(i), "LR" + i)));
          if (window.size() == CONCURRENT) drain(window, answers, ids);
        }
      }
      drain(window, answers, ids);
      assertTrue(ids.size() >= 200, "a few hundred instructions: " + answers);

      Await.until(SETTLED, () -> openInstructions(node, ids) == 0, () -> openInstructions(node, ids) + " of " + ids.size() + " not terminal");
      Map<String, Long> statuses = statuses(node);
      assertTrue(statuses.getOrDefault("SUCCEEDED", 0L) > 0 && statuses.getOrDefault("FAILED", 0L) > 0
          && statuses.getOrDefault("REJECTED", 0L) > 0, "mixed outcomes: " + statuses);

      // The participants' settlements trail the instructions' outcomes (at-least-once tells): agree once they arrived.
      Run[] check = new Run[1];
      Await.until(AGREED, () -> (check[0] = ledgerCheck(node)).exit() == 0, () -> check[0] == null ? "" : check[0].out());
      JsonNode report = EdgeClient.JSON.readTree(check[0].out());

      String tampered = ids.get(0); // i = 0 succeeded on MTN: it has ledger lines
      try (Connection owner = TestNodes.superuser(home)) {
        edit(owner, tampered, +1);
        Run afterEdit = ledgerCheck(node);
        edit(owner, tampered, -1);
        assertEquals(1, afterEdit.exit(), "an edited ledger line is a difference: " + afterEdit.out());
        assertTrue(afterEdit.out().contains(tampered), "the edited instruction is named: " + afterEdit.out());
        evidence.check("edited_line_reported", true);
      }

      evidence
          .measured("events_replayed", report.path("events_replayed").asLong())
          .measured("participants_compared", report.path("participants_compared").asLong())
          .measured("instructions_compared", report.path("instructions_compared").asLong())
          .measured("differences", report.path("differences").asLong())
          .measured("rebuild_seconds", report.path("rebuild_seconds").asDouble())
          .measured("instructions_succeeded", statuses.getOrDefault("SUCCEEDED", 0L))
          .measured("instructions_failed", statuses.getOrDefault("FAILED", 0L))
          .measured("instructions_rejected", statuses.getOrDefault("REJECTED", 0L))
          .check("ledger_equals_read_model", report.path("differences").asLong() == 0);
      assertEquals(0, report.path("differences").asLong(), check[0].out());
      assertEquals(ids.size(), report.path("instructions_compared").asLong(), "every instruction compared: " + check[0].out());
      assertEquals(node.credentials().participants().size(), report.path("participants_compared").asLong(), check[0].out());
      evidence.pass();
    }
  }

  /** i % 4: 0 MTN and 1 Airtel succeed; 2 fails at the rail (payee not found); 3 is rejected (network not connected). */
  private static String msisdn(int i) {
    return switch (i % 4) {
      case 0 -> "+26096" + String.format("%07d", 2000 + i);
      case 1 -> "+26097" + String.format("%07d", 2000 + i);
      case 2 -> "+260961230000";
      default -> "+26095" + String.format("%07d", 2000 + i);
    };
  }

  private static String amount(int i) {
    return (10 + i) + "." + String.format("%02d", i % 100);
  }

  private static void drain(List<CompletableFuture<HttpResponse<String>>> window, Map<String, Integer> answers, List<String> ids)
      throws Exception {
    for (CompletableFuture<HttpResponse<String>> f : window) {
      HttpResponse<String> r = f.get();
      answers.merge(Integer.toString(r.statusCode()), 1, Integer::sum);
      assertTrue(r.statusCode() == 202 || r.statusCode() == 422, r.statusCode() + " " + r.body());
      String id = EdgeClient.JSON.readTree(r.body()).path("instructionId").asText("");
      if (!id.isEmpty()) ids.add(id);
    }
    window.clear();
  }

  private static Run ledgerCheck(SymphonyNode node) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    PrintStream previous = System.out;
    System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    try {
      int exit = new CommandLine(new Main()).execute("ledger-rebuild", "--check", "--json",
          "--db-url", node.database().jdbcUrl(), "--db-user", node.database().user(), "--db-password", node.database().password());
      return new Run(exit, out.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(previous);
    }
  }

  private static long openInstructions(SymphonyNode node, List<String> ids) throws Exception {
    try (Connection c = node.database().dataSource().getConnection();
        PreparedStatement ps = c.prepareStatement(
            "SELECT count(*) FROM unnest(?::text[]) AS id LEFT JOIN instruction_status s ON s.instruction_id = id"
                + " WHERE s.status IS NULL OR s.status NOT IN ('SUCCEEDED', 'FAILED', 'REJECTED')")) {
      ps.setArray(1, c.createArrayOf("text", ids.toArray()));
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }

  private static Map<String, Long> statuses(SymphonyNode node) throws Exception {
    Map<String, Long> counts = new TreeMap<>();
    try (Connection c = node.database().dataSource().getConnection(); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT status, count(*) FROM instruction_status GROUP BY status")) {
      while (rs.next()) counts.put(rs.getString(1), rs.getLong(2));
    }
    return counts;
  }

  /** Moves one minor unit on the instruction's first ledger line (as the schema owner: the node's role may not). */
  private static void edit(Connection owner, String instructionId, int minor) throws Exception {
    try (PreparedStatement ps = owner.prepareStatement(
        "UPDATE ledger_line SET amount_minor = amount_minor + ? WHERE instruction_id = ? AND line_no = 1")) {
      ps.setInt(1, minor);
      ps.setString(2, instructionId);
      assertEquals(1, ps.executeUpdate(), "ledger line 1 of " + instructionId);
    }
  }
}
