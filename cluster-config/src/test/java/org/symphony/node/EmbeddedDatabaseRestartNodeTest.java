package org.symphony.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.symphony.audit.evidence.EvidenceResult;
import org.symphony.audit.evidence.EvidenceSection;

/**
 * The embedded PostgreSQL is stopped cleanly ({@code pg_ctl stop -m fast}) while submissions are in flight. Nobody
 * starts it again by hand: the node's database keeper sees its postmaster gone and starts it. While it is down the
 * edge refuses with 503 + Retry-After, never a 500; every instruction accepted before, around and after the stop
 * reaches a final state (INV-TERMINAL) and none is lost; every attestation has an outcome (INV-GAP). The outage is
 * measured from the stop to the first submission accepted again. Writes failure_injection_results/database_restart.
 */
class EmbeddedDatabaseRestartNodeTest {

  private static final Duration RECOVERY = Duration.ofSeconds(90);
  private static final int BEFORE = 40;
  private static final int IN_FLIGHT_AT_STOP = 40;

  @TempDir Path home;

  @Test
  void aStoppedDatabaseIsRefusedCleanlyStartedAgainByTheNodeAndNothingAcceptedIsLost() throws Exception {
    try (EvidenceResult r = EvidenceResult.start(EvidenceSection.FAILURE_INJECTION, "database_restart", getClass());
         CapturedLogs logs = CapturedLogs.start("org.symphony.persistence.EmbeddedServer", "org.symphony.node.guardian");
         SymphonyNode node = SymphonyNode.start(TestNodes.options(home))) {
      OutageLoad load = new OutageLoad(node);
      Path pg = home.resolve("pg");
      assertEquals(200, load.ready(), "ready before the stop");

      List<String> accepted = new ArrayList<>(OutageLoad.acceptedIds(load.collect(load.fire("before", BEFORE))));
      assertEquals(BEFORE, accepted.size(), "all accepted before the stop: " + load.summary());

      // A second wave is still in flight when the server goes down; the stop itself waits until it is down.
      int mark = logs.mark();
      long postmasterBefore = EmbeddedPgCtl.postmasterPid(pg);
      var wave = load.fire("wave", IN_FLIGHT_AT_STOP);
      long stoppedAt = System.nanoTime();
      String pgCtl = EmbeddedPgCtl.stopFast(pg);
      accepted.addAll(OutageLoad.acceptedIds(load.collect(wave)));
      int acceptedBefore = accepted.size();

      // One submission at a time until one is accepted again after a refusal.
      List<OutageLoad.Answer> during = load.until(RECOVERY, "during",
          answers -> load.refused503() > 0 && !answers.isEmpty() && answers.get(answers.size() - 1).accepted());
      double outageSeconds = (System.nanoTime() - stoppedAt) / 1e9;
      boolean acceptsAgain = !during.isEmpty() && during.get(during.size() - 1).accepted();
      accepted.addAll(OutageLoad.acceptedIds(during));

      boolean restartedByNode = logs.since(mark).stream().anyMatch(e -> e.getLoggerName().endsWith("EmbeddedServer")
          && e.getFormattedMessage().contains("restarted"));
      long postmasterAfter = EmbeddedPgCtl.running(pg) ? EmbeddedPgCtl.postmasterPid(pg) : 0;

      OutageLoad.Settlement settled = load.settle(accepted, RECOVERY);
      long gap = AttestationGap.afterGrace(node, RECOVERY);
      r.measured("accepted_before", acceptedBefore)
          .measured("refused_503_while_down", load.refused503())
          .measured("other_statuses", load.otherStatuses())
          .measured("outage_seconds", outageSeconds)
          .measured("accepted_total", accepted.size())
          .measured("lost", settled.lost().size())
          .measured("not_terminal", settled.open().size())
          .measured("all_terminal", settled.allTerminal())
          .measured("attestation_gap", gap)
          .measured("statuses", EdgeClient.JSON.valueToTree(load.statuses()))
          .measured("refusal_codes", EdgeClient.JSON.valueToTree(load.refusalCodes()))
          .measured("instruction_states", EdgeClient.JSON.valueToTree(settled.byStatus()))
          .measured("ready_false_seen", load.sawNotReady())
          .measured("stopped_by", "pg_ctl stop -m fast: " + pgCtl.replace('\n', ' '))
          .measured("restarted_by", restartedByNode ? "the node's DatabaseKeeper" : "nobody seen")
          .measured("postmaster_pid_before", postmasterBefore)
          .measured("postmaster_pid_after", postmasterAfter)
          .check("refused_503_while_down", load.refused503() > 0)
          .check("never_500", load.otherStatuses() == 0)
          .check("restarted_by_node", restartedByNode)
          .check("nothing_accepted_lost", settled.lost().isEmpty())
          .check("INV-TERMINAL", settled.allTerminal())
          .check("INV-GAP", gap == 0);

      assertTrue(acceptsAgain, "the node accepts again without operator action: " + load.summary());
      assertTrue(load.refused503() > 0, "the outage was refused (fail closed): " + load.summary());
      assertEquals(0, load.otherStatuses(), "only 202 or 503 with Retry-After, never a 500: " + load.summary());
      assertTrue(restartedByNode, "the node's keeper started the stopped server again");
      assertNotEquals(postmasterBefore, postmasterAfter, "a new postmaster runs");
      assertTrue(settled.lost().isEmpty(), "no accepted instruction is unknown to the node: " + settled);
      assertTrue(settled.allTerminal(), "every accepted instruction is final (INV-TERMINAL): " + settled);
      assertEquals(0, gap, "every attestation has an outcome after the grace period (INV-GAP)");
      r.pass();
    }
  }
}
