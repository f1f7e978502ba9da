package org.symphony.multijvm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;
import java.util.function.Predicate;

/**
 * Participants submitting instructions at a steady rate to the edges of chosen nodes, each with a fresh
 * Idempotency-Key, every request and its answer recorded ({@link Attempt}). A request whose outcome the client
 * cannot know (the connection was lost, or no answer came) is sent again with the same key, as a real client
 * would, up to {@link #MAX_RETRIES} times: otherwise an attested request that never became an instruction stays an
 * open GHOST. Bounded: at most {@link #MAX_IN_FLIGHT} requests wait for an answer; a tick that finds none free is
 * counted, not sent.
 */
final class LoadDriver implements AutoCloseable {

  static final int MAX_IN_FLIGHT = 64;
  /** Longer than the edge's engine-timeout (10 s): a node that answers late is seen answering, not timed out. */
  static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(20);
  static final int MAX_RETRIES = 10;
  static final Duration RETRY_DELAY = Duration.ofSeconds(1);

  /** How a request ended, as a participant sees it. */
  enum Outcome {
    ACCEPTED, // 202
    REPLAYED, // 200: a retry's answer, the recorded outcome of the first
    UNAVAILABLE, // 503 with Retry-After
    UNAVAILABLE_WITHOUT_RETRY_AFTER,
    SERVER_ERROR, // any other 5xx
    OTHER_STATUS, // anything else (4xx, 200 …)
    REFUSED, // connection refused: nothing listens (a stopped node)
    CONNECTION_LOST, // the connection closed before an answer
    TIMEOUT // no answer within REQUEST_TIMEOUT
  }

  /** One request: which node, whose, which key, and how it ended (milliseconds on the scenario's timeline). */
  record Attempt(
      long sentAt, long endedAt, int node, String participant, String key, Outcome outcome, int status, String detail,
      String instructionId, long sequenceId, int retry) {

    /** The instruction exists: the answer named it (202, or 200 for a retry). */
    boolean accepted() {
      return outcome == Outcome.ACCEPTED || outcome == Outcome.REPLAYED;
    }

    /** The client cannot know whether the request was accepted. */
    boolean unknown() {
      return outcome == Outcome.CONNECTION_LOST || outcome == Outcome.TIMEOUT;
    }
  }

  /** A participant's name and bearer token. */
  record Client(String participant, String token) {}

  private final String name;
  private final Timeline timeline;
  private final IntFunction<String> edgeUrl;
  private final List<Client> clients;
  private final int perSecond;
  private final HttpClient http =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
  private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r);
    t.setDaemon(true);
    return t;
  });
  private final Semaphore inFlight = new Semaphore(MAX_IN_FLIGHT);
  private final AtomicInteger sequence = new AtomicInteger();
  private final AtomicInteger saturated = new AtomicInteger();
  private final AtomicInteger pendingRetries = new AtomicInteger();
  private final ScheduledExecutorService retries = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r);
    t.setDaemon(true);
    return t;
  });
  private final ConcurrentLinkedQueue<Attempt> attempts = new ConcurrentLinkedQueue<>();
  private volatile List<Integer> targets = List.of();
  private volatile List<Integer> retryTargets;

  LoadDriver(String name, Timeline timeline, IntFunction<String> edgeUrl, List<Client> clients, int perSecond) {
    this.name = name;
    this.timeline = timeline;
    this.edgeUrl = edgeUrl;
    this.clients = List.copyOf(clients);
    this.perSecond = perSecond;
  }

  /** The clients of every participant in {@code devJson}, with tokens from {@code edge} (good on every node). */
  static List<Client> clients(JsonNode devJson, EdgeApi edge) throws Exception {
    List<Client> clients = new ArrayList<>();
    for (JsonNode p : devJson.get("participants"))
      clients.add(new Client(p.get("id").asText(), edge.token(p.get("client_id").asText(), p.get("client_secret").asText())));
    return clients;
  }

  /** Which nodes' edges the next requests go to (round robin). */
  void target(List<Integer> nodes) {
    targets = List.copyOf(nodes);
  }

  /** Where retries of unknown outcomes go (default: the same nodes as new requests), e.g. past a cut-off node. */
  void retryAt(List<Integer> nodes) {
    retryTargets = List.copyOf(nodes);
  }

  void start() {
    long period = TimeUnit.SECONDS.toMicros(1) / perSecond;
    ticker.scheduleAtFixedRate(this::tick, 0, period, TimeUnit.MICROSECONDS);
  }

  /** Stops sending new keys and waits (bounded) for the answers of what was sent, retries included. */
  void stop() {
    ticker.shutdownNow();
    long retryBound = (REQUEST_TIMEOUT.toMillis() + RETRY_DELAY.toMillis()) * MAX_RETRIES;
    try {
      Await.until(name + ": retries of unknown outcomes done", Duration.ofMillis(retryBound), () -> pendingRetries.get() == 0, this::progress);
    } catch (AssertionError giveUp) {
      System.err.println(giveUp.getMessage());
    }
    retries.shutdownNow();
    try {
      if (inFlight.tryAcquire(MAX_IN_FLIGHT, REQUEST_TIMEOUT.toSeconds() + 5, TimeUnit.SECONDS)) inFlight.release(MAX_IN_FLIGHT);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    stop();
  }

  List<Attempt> attempts() {
    return List.copyOf(attempts);
  }

  List<Attempt> attempts(Predicate<Attempt> filter) {
    return attempts.stream().filter(filter).toList();
  }

  int saturatedTicks() {
    return saturated.get();
  }

  long accepted() {
    return attempts.stream().filter(a -> a.outcome() == Outcome.ACCEPTED).count();
  }

  /** Keys whose outcome stayed unknown after every retry. */
  long unresolved() {
    Map<String, Boolean> resolved = new java.util.HashMap<>();
    for (Attempt a : attempts) resolved.merge(a.key(), !a.unknown() && !(a.retry() > 0 && unsettled(a.outcome())), Boolean::logicalOr);
    return resolved.values().stream().filter(r -> !r).count();
  }

  static Map<Outcome, Long> counts(List<Attempt> attempts) {
    Map<Outcome, Long> counts = new EnumMap<>(Outcome.class);
    for (Attempt a : attempts) counts.merge(a.outcome(), 1L, Long::sum);
    return counts;
  }

  String progress() {
    return name + ": " + counts(attempts()) + ", " + saturated.get() + " ticks without a free slot, "
        + attempts.stream().filter(a -> a.retry() > 0).count() + " retries, " + unresolved() + " keys with an unknown outcome";
  }

  private void tick() {
    List<Integer> nodes = targets;
    if (nodes.isEmpty()) return;
    if (!inFlight.tryAcquire()) {
      saturated.incrementAndGet();
      return;
    }
    int i = sequence.getAndIncrement();
    Client client = clients.get(i % clients.size());
    send(nodes.get(i % nodes.size()), client, name + "-" + i, body(i, clients.size()), 0);
  }

  /** Sends with a slot already taken; an unknown outcome is sent again later with the same key. Completes when answered. */
  private java.util.concurrent.CompletableFuture<Void> send(int node, Client client, String key, String body, int retry) {
    long sentAt = timeline.elapsedMillis();
    HttpRequest request;
    try {
      request =
          HttpRequest.newBuilder(URI.create(edgeUrl.apply(node) + "/v1/instructions"))
              .timeout(REQUEST_TIMEOUT)
              .header("Authorization", "Bearer " + client.token())
              .header("Idempotency-Key", key)
              .header("Content-Type", "application/json")
              .POST(HttpRequest.BodyPublishers.ofString(body))
              .build();
    } catch (RuntimeException e) {
      inFlight.release();
      throw e;
    }
    return http.sendAsync(request, HttpResponse.BodyHandlers.ofString())
        .handle((response, error) -> {
          Attempt attempt;
          try {
            attempt = record(sentAt, node, client.participant(), key, response, error, retry);
            attempts.add(attempt);
          } finally {
            inFlight.release();
          }
          // A retry that finds the port closed, or is told to come back later (503), has still not settled the key:
          // it is tried again too. Given up, an attested request without an instruction becomes an open GHOST.
          boolean undelivered = attempt.unknown() || (retry > 0 && unsettled(attempt.outcome()));
          if (undelivered && retry < MAX_RETRIES) retryLater(client, key, body, retry + 1);
          return null;
        });
  }

  private static boolean unsettled(Outcome outcome) {
    return outcome == Outcome.REFUSED || outcome == Outcome.UNAVAILABLE || outcome == Outcome.UNAVAILABLE_WITHOUT_RETRY_AFTER;
  }

  private void retryLater(Client client, String key, String body, int retry) {
    pendingRetries.incrementAndGet();
    try {
      retries.schedule(() -> {
        try {
          List<Integer> nodes = retryTargets != null ? retryTargets : targets;
          inFlight.acquireUninterruptibly();
          // Counted as pending until answered (a further retry, if any, is counted before this one ends).
          send(nodes.get(Math.floorMod(key.hashCode() + retry, nodes.size())), client, key, body, retry)
              .whenComplete((done, e) -> pendingRetries.decrementAndGet());
        } catch (RuntimeException e) {
          pendingRetries.decrementAndGet();
          throw e;
        }
      }, RETRY_DELAY.toMillis(), TimeUnit.MILLISECONDS);
    } catch (java.util.concurrent.RejectedExecutionException stopped) {
      pendingRetries.decrementAndGet();
    }
  }

  private Attempt record(long sentAt, int node, String participant, String key, HttpResponse<String> r, Throwable error, int retry) {
    long endedAt = timeline.elapsedMillis();
    if (error != null) {
      Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
      Outcome outcome =
          cause instanceof HttpConnectTimeoutException ? Outcome.TIMEOUT
              : cause instanceof HttpTimeoutException ? Outcome.TIMEOUT
              : cause instanceof ConnectException ? Outcome.REFUSED
              : Outcome.CONNECTION_LOST;
      return new Attempt(sentAt, endedAt, node, participant, key, outcome, 0, String.valueOf(cause), null, -1, retry);
    }
    int status = r.statusCode();
    if (status == 202 || status == 200) {
      Outcome outcome = status == 202 ? Outcome.ACCEPTED : Outcome.REPLAYED;
      try {
        JsonNode json = EdgeApi.JSON.readTree(r.body());
        return new Attempt(sentAt, endedAt, node, participant, key, outcome, status, json.path("status").asText(),
            json.path("instructionId").asText(), json.path("sequenceId").asLong(), retry);
      } catch (Exception e) {
        return new Attempt(sentAt, endedAt, node, participant, key, Outcome.OTHER_STATUS, status, status + " without JSON: " + r.body(), null, -1, retry);
      }
    }
    Outcome outcome =
        status == 503 ? (r.headers().firstValue("Retry-After").isPresent() ? Outcome.UNAVAILABLE : Outcome.UNAVAILABLE_WITHOUT_RETRY_AFTER)
            : status >= 500 ? Outcome.SERVER_ERROR
            : Outcome.OTHER_STATUS;
    return new Attempt(sentAt, endedAt, node, participant, key, outcome, status, problemCode(r.body()), null, -1, retry);
  }

  /** The RFC 9457 {@code code}, or the start of the body. */
  private static String problemCode(String body) {
    try {
      JsonNode json = EdgeApi.JSON.readTree(body);
      if (json.hasNonNull("code")) return json.get("code").asText();
    } catch (Exception notJson) {
      // fall through
    }
    return body.length() > 120 ? body.substring(0, 120) : body;
  }

  /**
   * A valid instruction for participant {@code i % participants}, over the three rails in turn (MTN and Airtel
   * MSISDNs, an RTGS bank account); never the simulators' failing suffix 0000.
   */
  static String body(int i, int participants) {
    int round = i / participants;
    ObjectNode body = EdgeApi.JSON.createObjectNode();
    body.putObject("amount").put("value", String.format("%d.%02d", 10 + round % 900, i % 100)).put("currency", "ZMW");
    ObjectNode creditor = body.putObject("creditor");
    switch (round % 3) {
      case 0 -> creditor.put("msisdn", String.format("+26096%07d", 1000001 + i));
      case 1 -> creditor.put("msisdn", String.format("+26077%07d", 1000001 + i));
      default -> creditor.put("bic", "ZNCOZMLU").put("account", String.format("%010d", 1000 + i)).put("name", "Payee " + i);
    }
    body.put("reference", "PART-" + i);
    return body.toString();
  }
}
