package org.symphony.node;

import static org.junit.jupiter.api.Assertions.*;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.cluster.sharding.ShardRegion;
import org.apache.pekko.cluster.sharding.typed.GetShardRegionState;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.symphony.engine.instruction.InstructionEntity;
import org.symphony.engine.instruction.InstructionId;
import org.symphony.engine.rail.RailKey;

/**
 * Forged rail callbacks against a real node (P12 findings 1 and 4): they must neither fill memory with
 * instruction entities nor take the capacity genuine callbacks need, and callbacks for a real transfer must
 * not multiply the status queries put on the rail.
 */
class ForgedCallbacksNodeTest {

  /** The acceptance's figure (each one used to leave a live entity: +34 MB per 10,000). */
  static final int FORGED_MTN_CALLBACKS = 10_000;
  /** The review's figure: more than the 512 callback slots the edge had. */
  static final int CONCURRENT_FORGED_AIRTEL_CALLBACKS = 700;
  /** Callbacks repeated for one in-flight transfer. */
  static final int REPEATED_CALLBACKS = 20;

  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(30)).version(HttpClient.Version.HTTP_1_1).build();

  @TempDir Path home;

  @Test
  void forgedMtnCallbacksAreUnknownAndStartNoInstruction() throws Exception {
    try (SymphonyNode node = SymphonyNode.start(TestNodes.options(home))) {
      String url = node.edgeUrl() + "/v1/callbacks/mtn-momo";
      Map<Integer, Integer> statuses = new TreeMap<>();
      Semaphore inFlight = new Semaphore(64);
      List<CompletableFuture<Void>> sent = new ArrayList<>();
      for (int i = 0; i < FORGED_MTN_CALLBACKS; i++) {
        inFlight.acquire();
        String body = "{\"externalId\":\"" + forgedInstructionId() + "\",\"status\":\"SUCCESSFUL\"}";
        sent.add(http.sendAsync(json("PUT", url, body), HttpResponse.BodyHandlers.discarding())
            .handle((response, error) -> {
              inFlight.release();
              synchronized (statuses) {
                statuses.merge(error == null ? response.statusCode() : -1, 1, Integer::sum);
              }
              return null;
            }));
      }
      CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new)).get();

      int live = liveInstructionEntities(node);
      assertEquals(Map.of(404, FORGED_MTN_CALLBACKS), statuses, "every forged callback is unknown (" + live + " live entities)");
      assertEquals(0, live, "no instruction entity was started for a forged callback");
    }
  }

  @Test
  void aGenuineCallbackSettlesItsInstructionDuringAFloodOfForgedOnes() throws Exception {
    try (SymphonyNode node = SymphonyNode.start(TestNodes.options(home)
        // The transfer completes (and the simulator calls back) well after the flood has started.
        .withOverride("symphony.rails.simulator.airtel.completion-delay", "15s")
        // Polls minutes apart: only the simulator's callback can settle the instruction within the deadline.
        .withOverride("symphony.engine.instruction.poll-initial", "5m")
        .withOverride("symphony.engine.instruction.poll-max", "5m"))) {
      var edge = new EdgeClient(node.edgeUrl());
      String token = edge.token(node.credentials().participants().get(0));
      var submitted = edge.submit(token, "genuine-1", EdgeClient.body("7.00", "+260971234567", "GENUINE")).get();
      assertEquals(202, submitted.statusCode(), submitted.body());
      String id = EdgeClient.JSON.readTree(submitted.body()).path("instructionId").asText();
      Await.until(Duration.ofSeconds(20), () -> "IN_FLIGHT".equals(edge.get(token, id).path("status").asText()), () -> "IN_FLIGHT");

      String url = node.edgeUrl() + "/v1/callbacks/airtel-money";
      Map<Integer, AtomicInteger> statuses = new ConcurrentHashMap<>();
      AtomicInteger without503RetryAfter = new AtomicInteger();
      AtomicInteger answered = new AtomicInteger();
      AtomicBoolean flooding = new AtomicBoolean(true);
      Semaphore concurrent = new Semaphore(CONCURRENT_FORGED_AIRTEL_CALLBACKS);
      Thread flood = new Thread(() -> {
        while (flooding.get()) {
          try {
            concurrent.acquire();
          } catch (InterruptedException e) {
            return;
          }
          String body = "{\"transaction\":{\"id\":\"" + UUID.randomUUID() + "\",\"status_code\":\"TS\"}}";
          http.sendAsync(json("POST", url, body), HttpResponse.BodyHandlers.discarding()).whenComplete((response, error) -> {
            concurrent.release();
            answered.incrementAndGet();
            int status = error == null ? response.statusCode() : -1;
            statuses.computeIfAbsent(status, s -> new AtomicInteger()).incrementAndGet();
            if (status == 503 && response.headers().firstValue("Retry-After").isEmpty()) without503RetryAfter.incrementAndGet();
          });
        }
      }, "forged-airtel-callbacks");
      flood.start();
      try {
        Await.until(Duration.ofSeconds(60), () -> answered.get() >= 2 * CONCURRENT_FORGED_AIRTEL_CALLBACKS,
            () -> answered.get() + " forged callbacks answered");
        Await.until(Duration.ofSeconds(45), () -> "SUCCEEDED".equals(edge.get(token, id).path("status").asText()),
            () -> "the genuine callback settled the instruction; forged answers so far: " + statuses
                + ", simulator: " + edge.getJson(node.simulatorUrl("airtel-money").orElseThrow() + "/sim/admin/callback"));
      } finally {
        flooding.set(false);
        flood.interrupt();
        flood.join();
      }
      concurrent.acquire(CONCURRENT_FORGED_AIRTEL_CALLBACKS); // every forged callback answered
      for (int status : statuses.keySet())
        assertTrue(status == 202 || status == 503, "forged callbacks are acknowledged or refused for now: " + statuses);
      assertEquals(0, without503RetryAfter.get(), "every 503 says when to retry");
      assertEquals(1, edge.getJson(node.simulatorUrl("airtel-money").orElseThrow() + "/sim/admin/callback").path("answered2xx").asLong(),
          "the simulator's one callback was acknowledged");
    }
  }

  @Test
  void repeatedCallbacksForOneTransferAskTheRailAtMostOncePerInterval() throws Exception {
    Duration interval = Duration.ofSeconds(30);
    try (SymphonyNode node = SymphonyNode.start(TestNodes.options(home)
        // The transfer stays pending at the rail and nothing polls it during the test: every status query
        // the simulator sees was asked because of a callback.
        .withOverride("symphony.rails.simulator.mtn.completion-delay", "10m")
        .withOverride("symphony.engine.instruction.poll-initial", "10m")
        .withOverride("symphony.engine.instruction.poll-max", "10m")
        .withOverride("symphony.engine.instruction.callback-query-interval", interval.toSeconds() + "s"))) {
      var edge = new EdgeClient(node.edgeUrl());
      String token = edge.token(node.credentials().participants().get(0));
      var submitted = edge.submit(token, "repeated-cb", EdgeClient.body("5.00", "+260961234567", "REPEAT")).get();
      assertEquals(202, submitted.statusCode(), submitted.body());
      String id = EdgeClient.JSON.readTree(submitted.body()).path("instructionId").asText();
      Await.until(Duration.ofSeconds(20), () -> "IN_FLIGHT".equals(edge.get(token, id).path("status").asText()), () -> "IN_FLIGHT");
      Await.until(Duration.ofSeconds(20),
          () -> node.readModel().instructionForRailKey(RailKey.forInstruction(id).value()).toCompletableFuture().get().isPresent(),
          () -> "the read model indexed the instruction");
      String strike = node.mtnSimulatorUrl().orElseThrow() + "/sim/strikes/" + RailKey.forInstruction(id).value();
      assertEquals(0, edge.getJson(strike).path("statusQueries").asLong(), "nothing asked yet");

      long started = System.nanoTime();
      String url = node.edgeUrl() + "/v1/callbacks/mtn-momo";
      for (int i = 0; i < REPEATED_CALLBACKS; i++) {
        var response = http.send(json("PUT", url, "{\"externalId\":\"" + id + "\",\"status\":\"SUCCESSFUL\"}"),
            HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), response.body());
        // The instruction's own GET queues behind the callback at its entity: the callback has been handled.
        assertEquals("IN_FLIGHT", edge.get(token, id).path("status").asText());
        if (i == 0)
          Await.until(Duration.ofSeconds(20), () -> edge.getJson(strike).path("statusQueries").asLong() >= 1,
              () -> "the first callback makes the instruction ask the rail");
      }
      long intervals = 1 + Duration.ofNanos(System.nanoTime() - started).toMillis() / interval.toMillis();
      long queries = edge.getJson(strike).path("statusQueries").asLong();
      assertTrue(queries <= intervals,
          REPEATED_CALLBACKS + " callbacks asked the rail " + queries + " times; at most " + intervals + " allowed");
    }
  }

  @Test
  void withACallbackSecretTheSimulatorsCallbackSettlesAndOnesWithoutItAreRefused() throws Exception {
    String secret = "cb-" + UUID.randomUUID();
    try (SymphonyNode node = SymphonyNode.start(TestNodes.options(home)
        .withOverride("symphony.edge.callbacks.secrets.airtel-money", secret)
        .withOverride("symphony.rails.simulator.airtel.completion-delay", "1s")
        .withOverride("symphony.engine.instruction.poll-initial", "5m")
        .withOverride("symphony.engine.instruction.poll-max", "5m"))) {
      var edge = new EdgeClient(node.edgeUrl());
      String token = edge.token(node.credentials().participants().get(0));
      var submitted = edge.submit(token, "with-secret", EdgeClient.body("9.00", "+260971234567", "SECRET")).get();
      assertEquals(202, submitted.statusCode(), submitted.body());
      String id = EdgeClient.JSON.readTree(submitted.body()).path("instructionId").asText();
      String key = RailKey.forInstruction(id).value();

      String url = node.edgeUrl() + "/v1/callbacks/airtel-money";
      String body = "{\"transaction\":{\"id\":\"" + key + "\",\"status_code\":\"TS\"}}";
      for (String forged : List.of(url, url + "?secret=wrong", url + "?secret=")) {
        var response = http.send(json("POST", forged, body), HttpResponse.BodyHandlers.ofString());
        assertEquals(401, response.statusCode(), forged + ": " + response.body());
        assertEquals("CALLBACK_UNAUTHENTICATED", EdgeClient.JSON.readTree(response.body()).path("code").asText());
      }
      // The simulator was registered with the URL carrying the secret: its callback is heard and settles.
      Await.until(Duration.ofSeconds(30), () -> "SUCCEEDED".equals(edge.get(token, id).path("status").asText()),
          () -> "SUCCEEDED by the authenticated callback");
      assertEquals(1, edge.getJson(node.simulatorUrl("airtel-money").orElseThrow() + "/sim/admin/callback").path("answered2xx").asLong());
    }
  }

  private static String forgedInstructionId() {
    return InstructionId.derive("forger", UUID.randomUUID().toString());
  }

  private static HttpRequest json(String method, String url, String body) {
    return HttpRequest.newBuilder(URI.create(url))
        .timeout(Duration.ofSeconds(60))
        .header("Content-Type", "application/json")
        .method(method, HttpRequest.BodyPublishers.ofString(body))
        .build();
  }

  /** Instruction entities alive on the node, from its shard region's own state. */
  static int liveInstructionEntities(SymphonyNode node) throws Exception {
    var system = node.system();
    ShardRegion.CurrentShardRegionState state =
        AskPattern.<org.apache.pekko.cluster.sharding.typed.ClusterShardingQuery, ShardRegion.CurrentShardRegionState>ask(
                ClusterSharding.get(system).shardState(),
                replyTo -> new GetShardRegionState(InstructionEntity.ENTITY_KEY, replyTo),
                Duration.ofSeconds(10),
                system.scheduler())
            .toCompletableFuture()
            .get();
    return state.getShards().stream().mapToInt(shard -> shard.getEntityIds().size()).sum();
  }
}
