package org.symphony.node;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.symphony.engine.instruction.InstructionEvent;
import org.symphony.engine.instruction.InstructionId;
import org.symphony.engine.money.Currency;
import org.symphony.engine.money.Money;
import org.symphony.engine.participant.ParticipantCommand;
import org.symphony.engine.participant.ParticipantEntity;
import org.symphony.engine.participant.ParticipantEvent;
import org.symphony.engine.participant.ParticipantView;
import org.symphony.engine.rail.RailKey;

/**
 * Promise 2 on the real node: a duplicate of a SUCCEEDED, FAILED or REJECTED instruction gets that final
 * outcome and never reaches the rail; the crash window between sequencing and acceptance keeps INV-SEQ
 * with a retry (same number) and without one (VOID); duplicates are counted.
 */
class IdempotencyNodeTest {

  @TempDir static Path home;
  private static SymphonyNode node;
  private static EdgeClient edge;
  private static final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  @BeforeAll
  static void start() throws Exception {
    node = SymphonyNode.start(TestNodes.options(home)
        .withOverride("symphony.engine.participant.void-unaccepted-after", "1s")
        .withOverride("symphony.engine.participant.sweep-interval", "300ms"));
    edge = new EdgeClient(node.edgeUrl());
  }

  @AfterAll
  static void stop() throws Exception {
    if (node != null) node.close();
  }

  @Test
  void duplicateOfASucceededInstructionReturnsItAndCausesNoRailCall() throws Exception {
    String token = edge.token(participant(0));
    String body = EdgeClient.body("5.00", "+260961234567", "S");
    String id = submitAndAwait(token, "dup-ok", body, "SUCCEEDED");
    long strikes = strikes();
    var again = edge.submit(token, "dup-ok", body).get();
    assertEquals(200, again.statusCode(), again.body());
    assertEquals("SUCCEEDED", EdgeClient.JSON.readTree(again.body()).path("status").asText());
    assertEquals(id, EdgeClient.JSON.readTree(again.body()).path("instructionId").asText());
    assertEquals(strikes, strikes(), "no rail call");
    assertEquals(1, executions(id));
  }

  @Test
  void duplicateOfAFailedInstructionReturnsItAndCausesNoRailCall() throws Exception {
    String token = edge.token(participant(0));
    String body = EdgeClient.body("6.00", "+260960000000", "F"); // the simulator declines payees ending 0000
    String id = submitAndAwait(token, "dup-failed", body, "FAILED");
    long strikes = strikes();
    var again = edge.submit(token, "dup-failed", body).get();
    assertEquals(200, again.statusCode(), again.body());
    JsonNode json = EdgeClient.JSON.readTree(again.body());
    assertEquals("FAILED", json.path("status").asText());
    assertEquals("PAYEE_NOT_FOUND", json.path("failureCode").asText());
    assertEquals(strikes, strikes());
    assertEquals(1, executions(id), "the declined transfer was sent once, never again");
  }

  @Test
  void duplicateOfARejectedInstructionReturnsTheRejectionAndNeverReachesTheRail() throws Exception {
    var p = participant(2);
    ask(p.subject(), r -> new ParticipantCommand.Suspend("test-operator", "kill-switch test", r));
    String token = edge.token(p); // issued after the suspension: an older one is refused as stale (401)
    try {
      String body = EdgeClient.body("7.00", "+260961234567", "R");
      var first = edge.submit(token, "dup-rejected", body).get();
      assertEquals(422, first.statusCode(), first.body());
      var again = edge.submit(token, "dup-rejected", body).get();
      assertEquals(422, again.statusCode());
      JsonNode a = EdgeClient.JSON.readTree(first.body()), b = EdgeClient.JSON.readTree(again.body());
      assertEquals("PARTICIPANT_SUSPENDED", b.path("code").asText());
      assertEquals(a.path("sequenceId").asLong(), b.path("sequenceId").asLong());
      assertEquals(0, executions(InstructionId.derive(p.subject(), "dup-rejected")));
    } finally {
      ask(p.subject(), r -> new ParticipantCommand.Reinstate("test-operator", r));
    }
  }

  @Test
  void crashBetweenSequencingAndAcceptanceKeepsEverySequenceIdAccountedFor() throws Exception {
    var p = participant(1);
    String token = edge.token(p);
    String retried = InstructionId.derive(p.subject(), "window-retried");
    String abandoned = InstructionId.derive(p.subject(), "window-abandoned");
    // The instruction asked its sequencer, then "crashed" before recording its acceptance.
    long retriedSeq = sequenceDirectly(p.subject(), retried);
    long abandonedSeq = sequenceDirectly(p.subject(), abandoned);

    // With a retry: the same number.
    var retry = edge.submit(token, "window-retried", EdgeClient.body("8.00", "+260961234567", "W")).get();
    assertEquals(202, retry.statusCode(), retry.body());
    assertEquals(retriedSeq, EdgeClient.JSON.readTree(retry.body()).path("sequenceId").asLong());

    // Without one: the sweep wakes the never-accepted instruction, and after the grace its number is VOID.
    Await.until(Duration.ofSeconds(30), () -> voided(p.subject()).contains(abandonedSeq), () -> "number " + abandonedSeq + " voided");
    var next = edge.submit(token, "window-next", EdgeClient.body("1.00", "+260961234567", "N")).get();
    assertEquals(202, next.statusCode());

    // INV-SEQ: 1..n, each number once, each an accepted instruction, a refusal or a VOID.
    Map<Long, String> numbered = new HashMap<>();
    Set<Long> voided = new HashSet<>();
    for (Object e : journal("Participant|" + p.subject())) {
      if (e instanceof ParticipantEvent.Numbered n) assertNull(numbered.put(n.sequenceId(), n.instructionId()), "repeat of " + n.sequenceId());
      if (e instanceof ParticipantEvent.SequenceVoided v) voided.add(v.sequenceId());
    }
    for (long s = 1; s <= numbered.size(); s++) assertTrue(numbered.containsKey(s), "hole at " + s);
    for (var entry : numbered.entrySet()) {
      if (voided.contains(entry.getKey())) continue;
      boolean accepted = journal("Instruction|" + entry.getValue()).stream()
          .anyMatch(e -> e instanceof InstructionEvent.Accepted a && a.terms().sequenceId() == entry.getKey()
              || e instanceof InstructionEvent.Rejected r && r.terms().sequenceId() == entry.getKey());
      assertTrue(accepted, "sequence " + entry.getKey() + " maps to no outcome");
    }
    assertTrue(voided.contains(abandonedSeq));
    assertFalse(voided.contains(retriedSeq));
  }

  @Test
  void duplicatesAreCountedForOperators() throws Exception {
    String token = edge.token(participant(0));
    String body = EdgeClient.body("9.00", "+260961234567", "D");
    submitAndAwait(token, "counted", body, "SUCCEEDED");
    JsonNode before = duplicates();
    edge.submit(token, "counted", body).get();
    edge.submit(token, "counted", EdgeClient.body("9.01", "+260961234567", "D")).get();
    JsonNode after = duplicates();
    assertEquals(before.path("duplicateRequests").asLong() + 2, after.path("duplicateRequests").asLong());
    assertEquals(before.path("duplicatesBlocked").asLong() + 2, after.path("duplicatesBlocked").asLong());
    assertEquals(before.path("terminalReentryAttempts").asLong() + 2, after.path("terminalReentryAttempts").asLong());
    assertEquals(before.path("keyReused").asLong() + 1, after.path("keyReused").asLong());
  }

  // ---- helpers

  private static DevCredentials.Client participant(int i) {
    return node.credentials().participants().get(i);
  }

  private static String submitAndAwait(String token, String key, String body, String status) throws Exception {
    var response = edge.submit(token, key, body).get();
    assertEquals(202, response.statusCode(), response.body());
    String id = EdgeClient.JSON.readTree(response.body()).path("instructionId").asText();
    Await.until(Duration.ofSeconds(30), () -> status.equals(edge.get(token, id).path("status").asText()), () -> status);
    return id;
  }

  private static long sequenceDirectly(String participantId, String instructionId) throws Exception {
    var reply = ClusterSharding.get(node.system())
        .entityRefFor(ParticipantEntity.ENTITY_KEY, participantId)
        .<ParticipantCommand.SequenceReply>ask(r -> new ParticipantCommand.Sequence(instructionId, new Money(800, Currency.ZMW), r), Duration.ofSeconds(10))
        .toCompletableFuture().get();
    return ((ParticipantCommand.SequenceReply.WithNumber) reply).sequenceId();
  }

  private static ParticipantView ask(String participantId, java.util.function.Function<org.apache.pekko.actor.typed.ActorRef<ParticipantView>, ParticipantCommand> command) throws Exception {
    return ClusterSharding.get(node.system())
        .entityRefFor(ParticipantEntity.ENTITY_KEY, participantId)
        .ask(command::apply, Duration.ofSeconds(10))
        .toCompletableFuture().get();
  }

  private static Set<Long> voided(String participantId) throws Exception {
    Set<Long> out = new HashSet<>();
    for (Object e : journal("Participant|" + participantId))
      if (e instanceof ParticipantEvent.SequenceVoided v) out.add(v.sequenceId());
    return out;
  }

  private static List<Object> journal(String persistenceId) throws Exception {
    var serialization = org.apache.pekko.serialization.SerializationExtension.get(node.system().classicSystem());
    List<Object> events = new ArrayList<>();
    try (Connection c = node.database().dataSource().getConnection();
        var s = c.prepareStatement("select event_ser_id, event_ser_manifest, event_payload from event_journal where persistence_id = ? order by sequence_number")) {
      s.setString(1, persistenceId);
      try (ResultSet r = s.executeQuery()) {
        while (r.next()) events.add(serialization.deserialize(r.getBytes(3), r.getInt(1), r.getString(2)).get());
      }
    }
    return events;
  }

  private static long strikes() throws Exception {
    return edge.getJson(node.mtnSimulatorUrl().orElseThrow() + "/sim/strikes").path("total").asLong();
  }

  private static long executions(String instructionId) throws Exception {
    return edge.getJson(node.mtnSimulatorUrl().orElseThrow() + "/sim/strikes").path("references")
        .path(RailKey.forInstruction(instructionId).value()).asLong(0);
  }

  private static JsonNode duplicates() throws Exception {
    String operator = edge.token(node.credentials().operator());
    var response = http.send(HttpRequest.newBuilder(URI.create(node.edgeUrl() + "/admin/duplicates"))
        .header("Authorization", "Bearer " + operator).GET().build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(200, response.statusCode(), response.body());
    return EdgeClient.JSON.readTree(response.body());
  }
}
