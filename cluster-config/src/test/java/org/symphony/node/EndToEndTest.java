package org.symphony.node;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.symphony.engine.money.Currency;
import org.symphony.engine.participant.ParticipantCommand;
import org.symphony.engine.participant.ParticipantEntity;
import org.symphony.engine.participant.ParticipantView;
import org.symphony.engine.rail.RailKey;

/**
 * The whole node against the real embedded PostgreSQL 18 and the MTN simulator over real HTTP:
 * concurrent instructions from several participants all succeed, with gapless sequence ids (INV-SEQ),
 * one execution per rail key (INV-ONCE) and positions that add up (INV-LEDGER, the participant's side).
 */
class EndToEndTest {

  @TempDir static Path home;
  private static SymphonyNode node;
  private static EdgeClient edge;

  @BeforeAll
  static void start() throws Exception {
    node = SymphonyNode.start(TestNodes.options(home));
    edge = new EdgeClient(node.edgeUrl());
  }

  @AfterAll
  static void stop() throws Exception {
    if (node != null) node.close();
  }

  record Submitted(String participant, String instructionId, long sequenceId, long amountMinor) {}

  @Test
  void twoHundredConcurrentInstructionsFromThreeParticipantsAllSucceedExactlyOnce() throws Exception {
    List<DevCredentials.Client> participants = node.credentials().participants();
    assertEquals(3, participants.size());
    Map<String, String> tokens = new HashMap<>();
    for (var p : participants) tokens.put(p.subject(), edge.token(p));

    List<CompletableFuture<HttpResponse<String>>> calls = new ArrayList<>();
    List<String> owners = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      var p = participants.get(i % 3);
      String amount = (1 + i) + ".50";
      calls.add(edge.submit(tokens.get(p.subject()), "e2e-" + i, EdgeClient.body(amount, "+26096" + String.format("%07d", 1000 + i), "E2E-" + i)));
      owners.add(p.subject());
    }
    List<Submitted> submitted = new ArrayList<>();
    for (int i = 0; i < calls.size(); i++) {
      var response = calls.get(i).get();
      assertEquals(202, response.statusCode(), response.body());
      JsonNode json = EdgeClient.JSON.readTree(response.body());
      assertEquals(owners.get(i), json.get("participantId").asText(), "participant comes from the token");
      submitted.add(new Submitted(owners.get(i), json.get("instructionId").asText(), json.get("sequenceId").asLong(), (1 + i) * 100L + 50));
    }

    // INV-SEQ: per participant, 1..n with no hole and no repeat.
    Map<String, List<Long>> byParticipant =
        submitted.stream().collect(Collectors.groupingBy(Submitted::participant, Collectors.mapping(Submitted::sequenceId, Collectors.toList())));
    for (var e : byParticipant.entrySet()) {
      Set<Long> expected = LongStream.rangeClosed(1, e.getValue().size()).boxed().collect(Collectors.toSet());
      assertEquals(expected, new HashSet<>(e.getValue()), "sequence ids of " + e.getKey());
      assertEquals(e.getValue().size(), new HashSet<>(e.getValue()).size(), "no repeated sequence id for " + e.getKey());
    }

    // Every instruction reaches SUCCEEDED.
    Await.until(Duration.ofSeconds(90), () -> countStatus(submitted, tokens, "SUCCEEDED") == submitted.size(),
        () -> "succeeded " + countStatusUnchecked(submitted, tokens, "SUCCEEDED") + "/" + submitted.size());

    // INV-ONCE: the simulator executed each rail key exactly once, and nothing else.
    JsonNode strikes = edge.getJson(node.mtnSimulatorUrl().orElseThrow() + "/sim/strikes");
    assertEquals(200, strikes.get("total").asInt());
    for (Submitted s : submitted) {
      String key = RailKey.forInstruction(s.instructionId()).value();
      assertEquals(1, strikes.get("references").path(key).asInt(), "executions of " + key);
    }

    // The participant's side of INV-LEDGER: nothing reserved any more, committed = sum of successes.
    var sharding = ClusterSharding.get(node.system());
    for (var p : participants) {
      Await.until(Duration.ofSeconds(30), () -> position(sharding, p.subject()).openInstructions() == 0, () -> "open instructions of " + p.subject());
      ParticipantView view = position(sharding, p.subject());
      long expectedCommitted = submitted.stream().filter(s -> s.participant().equals(p.subject())).mapToLong(Submitted::amountMinor).sum();
      assertEquals(0L, view.reservedMinor().getOrDefault(Currency.ZMW, 0L));
      assertEquals(expectedCommitted, view.committedMinor().get(Currency.ZMW));
      assertEquals(byParticipant.get(p.subject()).size(), view.lastSequenceId());
    }
  }

  private static ParticipantView position(ClusterSharding sharding, String participantId) throws Exception {
    return sharding
        .entityRefFor(ParticipantEntity.ENTITY_KEY, participantId)
        .<ParticipantView>ask(ParticipantCommand.GetPosition::new, Duration.ofSeconds(10))
        .toCompletableFuture()
        .get();
  }

  private static long countStatus(List<Submitted> submitted, Map<String, String> tokens, String status) throws Exception {
    long n = 0;
    for (Submitted s : submitted)
      if (status.equals(edge.get(tokens.get(s.participant()), s.instructionId()).get("status").asText())) n++;
    return n;
  }

  private static String countStatusUnchecked(List<Submitted> submitted, Map<String, String> tokens, String status) {
    try {
      return String.valueOf(countStatus(submitted, tokens, status));
    } catch (Exception e) {
      return "? (" + e + ")";
    }
  }
}
