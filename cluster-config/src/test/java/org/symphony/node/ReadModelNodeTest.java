package org.symphony.node;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.symphony.audit.readmodel.LedgerAccounts;
import org.symphony.audit.readmodel.LedgerBalance;
import org.symphony.engine.money.Currency;
import org.symphony.engine.participant.ParticipantCommand;
import org.symphony.engine.participant.ParticipantEntity;
import org.symphony.engine.participant.ParticipantView;

/**
 * INV-LEDGER through the read model: after a mixed run (successes, failures, rejections) each
 * participant's settlement account equals its committed position, every instruction's lines sum to zero,
 * failed and rejected instructions post nothing, and a rebuild from the journal gives identical balances.
 */
class ReadModelNodeTest {

  @TempDir Path home;

  @Test
  void ledgerMatchesPositionsAndARebuildGivesTheSameBalances() throws Exception {
    try (SymphonyNode node = SymphonyNode.start(TestNodes.options(home))) {
      var edge = new EdgeClient(node.edgeUrl());
      Map<String, Long> succeededMinor = new HashMap<>();
      List<String> ids = new ArrayList<>();
      for (DevCredentials.Client p : node.credentials().participants()) {
        String token = edge.token(p);
        for (int i = 0; i < 12; i++) {
          // i % 4: 0,1 succeed (MTN, Airtel); 2 fails at the rail (payee not found); 3 is rejected (not connected)
          String msisdn = switch (i % 4) {
            case 0 -> "+26096" + String.format("%07d", 1000 + i);
            case 1 -> "+26097" + String.format("%07d", 1000 + i);
            case 2 -> "+260961230000";
            default -> "+26095" + String.format("%07d", 1000 + i);
          };
          long minor = 100L * (i + 1);
          var response = edge.submit(token, p.subject() + "-" + i, EdgeClient.body(minor / 100 + ".00", msisdn, "L" + i)).get();
          assertTrue(response.statusCode() == 202 || response.statusCode() == 422, response.body());
          String id = EdgeClient.JSON.readTree(response.body()).path("instructionId").asText();
          ids.add(p.subject() + " " + token + " " + id);
          if (i % 4 < 2) succeededMinor.merge(p.subject(), minor, Long::sum);
        }
      }
      for (String entry : ids) {
        String[] f = entry.split(" ");
        Await.until(Duration.ofSeconds(60), () -> isTerminal(edge.get(f[1], f[2]).path("status").asText()), () -> f[2] + " terminal");
      }

      Map<String, Long> before = awaitLedger(node, succeededMinor);
      for (DevCredentials.Client p : node.credentials().participants()) {
        ParticipantView view = position(node, p.subject());
        assertEquals(succeededMinor.get(p.subject()), view.committedMinor().get(Currency.ZMW), "committed = Σ succeeded");
        assertEquals(0L, view.reservedMinor().getOrDefault(Currency.ZMW, 0L), "nothing left reserved");
        assertEquals(view.committedMinor().get(Currency.ZMW), before.get(LedgerAccounts.settlement(p.subject())),
            "the settlement account equals the committed position");
      }
      assertEquals(0L, node.readModel().unbalancedInstructions().toCompletableFuture().get(10, TimeUnit.SECONDS));
      long clearing = before.entrySet().stream().filter(e -> e.getKey().startsWith("rail:")).mapToLong(Map.Entry::getValue).sum();
      assertEquals(-succeededMinor.values().stream().mapToLong(Long::longValue).sum(), clearing, "the rails' clearing accounts mirror the debits");

      node.rebuildReadModel().toCompletableFuture().get(30, TimeUnit.SECONDS);
      assertEquals(before, awaitLedger(node, succeededMinor), "a rebuild from the journal gives identical balances");
    }
  }

  private static boolean isTerminal(String status) {
    return status.equals("SUCCEEDED") || status.equals("FAILED") || status.equals("REJECTED");
  }

  /** Balances once every participant's settlement account shows its expected total (the projection caught up). */
  private static Map<String, Long> awaitLedger(SymphonyNode node, Map<String, Long> expected) throws Exception {
    Map<String, Long> balances = new HashMap<>();
    Await.until(Duration.ofSeconds(30), () -> {
      balances.clear();
      for (LedgerBalance b : node.readModel().balances("").toCompletableFuture().get(10, TimeUnit.SECONDS))
        balances.put(b.account(), b.balanceMinor());
      return expected.entrySet().stream().allMatch(e -> e.getValue().equals(balances.get(LedgerAccounts.settlement(e.getKey()))));
    }, () -> "ledger caught up: " + balances);
    return Map.copyOf(balances);
  }

  private static ParticipantView position(SymphonyNode node, String participantId) throws Exception {
    return ClusterSharding.get(node.system())
        .entityRefFor(ParticipantEntity.ENTITY_KEY, participantId)
        .<ParticipantView>ask(ParticipantCommand.GetPosition::new, Duration.ofSeconds(10))
        .toCompletableFuture().get();
  }
}
