package org.symphony.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.spi.ILoggingEvent;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.symphony.audit.evidence.EvidenceResult;
import org.symphony.audit.evidence.EvidenceSection;

/**
 * The embedded PostgreSQL is stopped cleanly ({@code pg_ctl stop -m fast}) while participants keep submitting. Nobody
 * starts it again by hand: the node's database keeper sees its postmaster gone and starts it. The outage is refused
 * (503 + Retry-After), no answer is ever a 500; every instruction accepted before, during and after reaches a final
 * state (INV-TERMINAL) and none is lost; every attestation has an outcome (INV-GAP).
 *
 * <p>The keeper restarts a stopped server within a few seconds: about as long as a request may wait for its
 * attestation (commit timeout) or the engine (engine timeout). So a request sent during the outage may be refused
 * while the server is down, refused just after the restart (its wait ran out, or the attestor's connection that the
 * stop had closed failed its first batch), or held and accepted: all are counted, by when they were answered.
 * Writes failure_injection_results/database_restart.
 */
class EmbeddedDatabaseRestartNodeTest {

  private static final Duration RECOVERY = Duration.ofSeconds(90);
  private static final int BEFORE = 40;
  private static final int CLIENTS = 6;

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

      // Participants keep submitting through the stop, the outage and the restart.
      int mark = logs.mark();
      long postmasterBefore = EmbeddedPgCtl.postmasterPid(pg);
      OutageLoad.Clients clients = load.clients(CLIENTS, "during");
      List<OutageLoad.Answer> during;
      long stoppedAt;
      long restartedAt;
      String pgCtl;
      String restartLine;
      try {
        Await.until(RECOVERY, () -> OutageLoad.acceptedIds(clients.answers()).size() >= 2 * CLIENTS,
            () -> "load flowing before the stop: " + load.summary());
        stoppedAt = System.currentTimeMillis();
        pgCtl = EmbeddedPgCtl.stopFast(pg);
        Await.until(RECOVERY, () -> restartLogged(logs.since(mark)).isPresent(),
            () -> "the node's keeper starts the server again: " + load.summary());
        restartedAt = restartLogged(logs.since(mark)).orElseThrow().getTimeStamp();
        restartLine = restartLogged(logs.since(mark)).orElseThrow().getFormattedMessage();
        Await.until(RECOVERY, () -> clients.answers().stream().anyMatch(a -> a.accepted() && a.answeredAtMillis() > restartedAt),
            () -> "accepted again after the restart: " + load.summary());
      } finally {
        during = clients.stop();
      }
      accepted.addAll(OutageLoad.acceptedIds(during));
      List<OutageLoad.Answer> whileDown = during.stream()
          .filter(a -> a.answeredAtMillis() >= stoppedAt && a.answeredAtMillis() <= restartedAt).toList();
      int refusedWhileDown = count(whileDown, 503);
      int refusedAfterRestart = (int) during.stream()
          .filter(a -> a.status() == 503 && a.answeredAtMillis() > restartedAt).count();
      long firstAcceptAfterRestart = during.stream().filter(a -> a.accepted() && a.answeredAtMillis() > restartedAt)
          .mapToLong(OutageLoad.Answer::answeredAtMillis).min().orElseThrow();
      long postmasterAfter = EmbeddedPgCtl.running(pg) ? EmbeddedPgCtl.postmasterPid(pg) : 0;

      OutageLoad.Settlement settled = load.settle(accepted, RECOVERY);
      long gap = AttestationGap.afterGrace(node, RECOVERY);
      r.measured("accepted_before", BEFORE + OutageLoad.acceptedIds(during.stream()
              .filter(a -> a.answeredAtMillis() < stoppedAt).toList()).size())
          .measured("refused_503_while_down", refusedWhileDown)
          .measured("accepted_while_stopping", count(whileDown, 202))
          .measured("refused_503_after_restart", refusedAfterRestart)
          .measured("refused_503", load.refused503())
          .measured("other_statuses", load.otherStatuses())
          .measured("down_seconds", (restartedAt - stoppedAt) / 1e3)
          .measured("outage_seconds", (firstAcceptAfterRestart - stoppedAt) / 1e3)
          .measured("accepted_total", accepted.size())
          .measured("lost", settled.lost().size())
          .measured("not_terminal", settled.open().size())
          .measured("all_terminal", settled.allTerminal())
          .measured("attestation_gap", gap)
          .measured("statuses", EdgeClient.JSON.valueToTree(load.statuses()))
          .measured("refusal_codes", EdgeClient.JSON.valueToTree(load.refusalCodes()))
          .measured("instruction_states", EdgeClient.JSON.valueToTree(settled.byStatus()))
          .measured("stopped_by", "pg_ctl stop -m fast: " + pgCtl.replace('\n', ' '))
          .measured("restarted_by", "the node's DatabaseKeeper, which logged: " + restartLine)
          .measured("postmaster_pid_before", postmasterBefore)
          .measured("postmaster_pid_after", postmasterAfter)
          .check("outage_refused_503", load.refused503() > 0)
          .check("never_500", load.otherStatuses() == 0)
          .check("nothing_accepted_lost", settled.lost().isEmpty())
          .check("INV-TERMINAL", settled.allTerminal())
          .check("INV-GAP", gap == 0);

      assertTrue(load.refused503() > 0, "the outage was refused (fail closed): " + load.summary());
      assertEquals(0, load.otherStatuses(), "only 202 or 503 with Retry-After, never a 500: " + load.summary());
      assertNotEquals(postmasterBefore, postmasterAfter, "a new postmaster runs");
      assertTrue(settled.lost().isEmpty(), "no accepted instruction is unknown to the node: " + settled);
      assertTrue(settled.allTerminal(), "every accepted instruction is final (INV-TERMINAL): " + settled);
      assertEquals(0, gap, "every attestation has an outcome after the grace period (INV-GAP)");
      r.pass();
    }
  }

  /** The node's log line saying it started its embedded server again. */
  private static Optional<ILoggingEvent> restartLogged(List<ILoggingEvent> events) {
    return events.stream().filter(e -> e.getLoggerName().endsWith("EmbeddedServer")
        && e.getFormattedMessage().contains("restarted")).findFirst();
  }

  private static int count(List<OutageLoad.Answer> answers, int status) {
    return (int) answers.stream().filter(a -> a.status() == status).count();
  }
}
