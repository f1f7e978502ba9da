package org.symphony.node;

import static org.junit.jupiter.api.Assertions.*;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.symphony.engine.money.Currency;
import org.symphony.engine.participant.ParticipantCommand;
import org.symphony.engine.participant.ParticipantEntity;
import org.symphony.engine.participant.ParticipantView;

/**
 * A rail that never answers: the instruction keeps asking (status query by rail key), and past the
 * outcome TTL it becomes UNKNOWN_OUTCOME — never assumed failed, its reservation kept — and a duplicate
 * gets that current state instead of an endless 409.
 */
class UnknownOutcomeNodeTest {

  @TempDir Path home;

  @Test
  void aSilentRailLeadsToUnknownOutcomeNeverToFailure() throws Exception {
    try (SymphonyNode node = SymphonyNode.start(TestNodes.options(home)
        .withOverride("symphony.engine.instruction.outcome-ttl", "4s")
        .withOverride("symphony.rails.mtn.call-timeout", "1s"))) {
      var edge = new EdgeClient(node.edgeUrl());
      var http = HttpClient.newHttpClient();
      String sim = node.mtnSimulatorUrl().orElseThrow();
      // The simulator stops answering anything in time.
      var fault = http.send(HttpRequest.newBuilder(URI.create(sim + "/sim/admin/faults")).header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofString("{\"latencyMs\": 120000}")).build(), HttpResponse.BodyHandlers.ofString());
      assertEquals(200, fault.statusCode(), fault.body());
      try {
        var participant = node.credentials().participants().get(0);
        String token = edge.token(participant);
        String body = EdgeClient.body("12.00", "+260961234567", "U");
        var submitted = edge.submit(token, "silent-rail", body).get();
        assertEquals(202, submitted.statusCode(), submitted.body());
        String id = EdgeClient.JSON.readTree(submitted.body()).path("instructionId").asText();

        Await.until(Duration.ofSeconds(60), () -> "UNKNOWN_OUTCOME".equals(edge.get(token, id).path("status").asText()),
            () -> "not UNKNOWN_OUTCOME in time");
        var view = edge.get(token, id);
        assertEquals("OUTCOME_UNKNOWN", view.path("failureCode").asText());

        var duplicate = edge.submit(token, "silent-rail", body).get();
        assertEquals(200, duplicate.statusCode(), "the current state, not a 409: " + duplicate.body());
        assertEquals("UNKNOWN_OUTCOME", EdgeClient.JSON.readTree(duplicate.body()).path("status").asText());

        ParticipantView position = ClusterSharding.get(node.system())
            .entityRefFor(ParticipantEntity.ENTITY_KEY, participant.subject())
            .<ParticipantView>ask(ParticipantCommand.GetPosition::new, Duration.ofSeconds(10)).toCompletableFuture().get();
        assertEquals(1200L, position.reservedMinor().get(Currency.ZMW), "never assumed failed: the reservation stays");
        assertEquals(0L, position.committedMinor().getOrDefault(Currency.ZMW, 0L));

        Await.until(Duration.ofSeconds(10), () -> {
          try (var c = node.database().dataSource().getConnection();
              var q = c.prepareStatement("select count(*) from audit_incident where kind = 'UNKNOWN_OUTCOME' and detail like ?")) {
            q.setString(1, "%" + id + "%");
            try (var r = q.executeQuery()) {
              r.next();
              return r.getLong(1) == 1;
            }
          }
        }, () -> "an UNKNOWN_OUTCOME incident for " + id);
      } finally {
        http.send(HttpRequest.newBuilder(URI.create(sim + "/sim/admin/faults")).header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString("{\"latencyMs\": 0}")).build(), HttpResponse.BodyHandlers.ofString());
      }
    }
  }
}
