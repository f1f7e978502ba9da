package org.symphony.node;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Crash recovery (promise 4 of the seed: nobody has to call an instruction for it to finish): instructions in
 * flight at the rail when the node stops are finished by the restarted node on its own. It finds every
 * participant in the journal, each wakes its open instructions, and each asks the rail. Nothing else touches them
 * here: no request, no GET (which would start the entity), the rail sends no callback for a transfer it
 * completes after its own restart, and the reconciliation worker's zombie repair (its safety net, which would
 * also wake them after zombie-after) is set beyond the test's bound.
 */
@Timeout(300)
class OpenInstructionsAfterRestartNodeTest {

  private static final int PARTICIPANTS = 2;
  private static final int EACH = 3;

  private static final String ZOMBIE_AFTER = "symphony.audit.reconciliation.zombie-after";

  @TempDir Path home;

  @Test
  void theRestartedNodeFinishesWhatWasInFlightByItself() throws Exception {
    List<String> ids = new ArrayList<>();
    // The rail holds every transfer pending for longer than the test: all are open when the node stops.
    try (SymphonyNode node = SymphonyNode.start(TestNodes.options(home)
        .withOverride("symphony.rails.simulator.mtn.completion-delay", "10m"))) {
      var edge = new EdgeClient(node.edgeUrl());
      for (int p = 0; p < PARTICIPANTS; p++) {
        String token = edge.token(node.credentials().participants().get(p));
        for (int i = 0; i < EACH; i++) {
          var response = edge.submit(token, "open-" + p + "-" + i, EdgeClient.body("5.00", "+26096123450" + i, "OPEN-" + p + i)).get();
          assertEquals(202, response.statusCode(), response.body());
          ids.add(EdgeClient.JSON.readTree(response.body()).get("instructionId").asText());
        }
      }
      String strikes = node.mtnSimulatorUrl().orElseThrow() + "/sim/strikes";
      Await.until(Duration.ofSeconds(60), () -> edge.getJson(strikes).get("total").asInt() == ids.size(), () -> "every transfer at the rail");
      assertEquals(0, finished(node, ids), "nothing finished before the stop");
    }

    // The rail completes its pending transfers soon after its own restart (its durable ledger), without callbacks.
    try (SymphonyNode node = SymphonyNode.start(TestNodes.options(home)
        .withOverride("symphony.rails.simulator.mtn.completion-delay", "200ms")
        .withOverride(ZOMBIE_AFTER, "30m"))) {
      Await.until(Duration.ofSeconds(120), () -> finished(node, ids) == ids.size(),
          () -> finished(node, ids) + " of " + ids.size() + " finished by the restarted node on its own");
      assertEquals(ids.size(), succeeded(node, ids), "each one SUCCEEDED, once");
    }
  }

  /** From the journal, not through the engine: asking an instruction would start it and hide a missing recovery. */
  private static long finished(SymphonyNode node, List<String> ids) {
    return count(node, ids, "(Succeeded|Failed|OutcomeDeclaredUnknown)$");
  }

  private static long succeeded(SymphonyNode node, List<String> ids) {
    return count(node, ids, "Succeeded$");
  }

  private static long count(SymphonyNode node, List<String> ids, String manifest) {
    try (var c = node.database().dataSource().getConnection(); var s = c.prepareStatement(
        "SELECT count(*) FROM event_journal WHERE persistence_id = ANY (?) AND event_ser_manifest ~ ?")) {
      s.setArray(1, c.createArrayOf("text", ids.stream().map(id -> "Instruction|" + id).toArray()));
      s.setString(2, manifest);
      try (var rs = s.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    } catch (java.sql.SQLException e) {
      throw new IllegalStateException(e);
    }
  }
}
