package org.symphony.edge;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.http.javadsl.ServerBinding;
import org.symphony.edge.auth.ApiClient;
import org.symphony.edge.auth.JwtKeys;
import org.symphony.edge.auth.Role;
import org.symphony.edge.auth.TokenIssuer;
import org.symphony.edge.auth.TokenVerifier;

/**
 * A real edge server on an ephemeral port with a fake engine, in-memory client credentials and a hand-
 * moved clock; requests go through java.net.http like a participant's. One per test.
 */
public final class EdgeHarness implements AutoCloseable {

  public static final Instant START = Instant.parse("2026-01-15T08:00:00Z");
  public static final String PARTICIPANT = "mfi-lusaka-01";
  public static final String OTHER_PARTICIPANT = "bank-ndola-02";
  public static final String SECRET = "correct-horse-battery-staple";
  public static final ApiClient PARTICIPANT_CLIENT = new ApiClient("client-mfi", PARTICIPANT, Role.PARTICIPANT);
  public static final ApiClient OTHER_CLIENT = new ApiClient("client-bank", OTHER_PARTICIPANT, Role.PARTICIPANT);
  public static final ApiClient OPERATOR_CLIENT = new ApiClient("client-ops", "ops-alice", Role.OPERATOR);

  public static final String VALID_BODY =
      "{\"amount\":{\"value\":\"150.00\",\"currency\":\"ZMW\"},"
          + "\"creditor\":{\"msisdn\":\"+260961234567\"},\"reference\":\"INV-42\"}";

  private static final Duration CALL_TIMEOUT = Duration.ofSeconds(20);

  public final MutableClock clock = new MutableClock(START);
  public final FakeInstructionGateway gateway = new FakeInstructionGateway();
  public final InMemoryCredentials credentials =
      new InMemoryCredentials()
          .add(PARTICIPANT_CLIENT, SECRET)
          .add(OTHER_CLIENT, SECRET)
          .add(OPERATOR_CLIENT, SECRET);
  public final InMemoryIngressLedger ledger = new InMemoryIngressLedger();
  /** Request ids to swallow after attestation (the blackhole fault). */
  public final java.util.Set<String> blackholed = java.util.concurrent.ConcurrentHashMap.newKeySet();
  public final FakeAuditQueries audit = new FakeAuditQueries();
  /** Rail key → instruction id, as the read model would answer. */
  public final FakeRailKeyIndex railKeys = new FakeRailKeyIndex();
  public final FakeParticipantAdmin participants =
      new FakeParticipantAdmin(java.util.Set.of(PARTICIPANT, OTHER_PARTICIPANT), clock);
  public final FakeLedgerReads ledgerReads = new FakeLedgerReads();
  /** Participants' current policy versions (1 unless set), as replication would deliver them. */
  public final java.util.Map<String, Long> policyVersions = new java.util.concurrent.ConcurrentHashMap<>();
  private final org.symphony.edge.auth.CurrentPolicyVersions policy =
      id -> policyVersions.getOrDefault(id, org.symphony.edge.auth.CurrentPolicyVersions.INITIAL);
  public final JwtKeys keys = JwtKeys.generate();
  final FakeSupervisorReads supervisor = new FakeSupervisorReads();
  final FakeInterventions interventions = new FakeInterventions();
  final FakeClusterAdmin cluster = new FakeClusterAdmin();
  public final EdgeSettings settings;
  public final TokenIssuer issuer;
  public final TokenVerifier verifier;
  private final ServerBinding binding;
  private final HttpClient http =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();

  private EdgeHarness(ActorSystem<?> system, String overrides) throws Exception {
    settings = EdgeSettings.fromConfig(config(overrides));
    EdgeSettings.Token token = settings.token();
    issuer = new TokenIssuer(keys, token.issuer(), token.audience(), token.ttl(), clock);
    verifier = TokenVerifier.forKeys(keys, token.issuer(), token.audience(), token.maxLifetime(), token.clockSkew(), clock);
    binding =
        EdgeServer.start(
                system, settings, EdgeRoutes.create(
                    settings,
                    new EdgePorts(gateway, credentials, issuer, verifier, ledger, blackholed::contains, audit, participants, ledgerReads,
                        railKeys, policy, org.symphony.edge.auth.CurrentTokenVersions.unchanged(),
                        (clientId, by, reason) -> java.util.concurrent.CompletableFuture.completedFuture(java.util.Optional.empty()),
                        supervisor, interventions,
                        () -> java.util.concurrent.CompletableFuture.completedFuture(new org.symphony.audit.reconcile.CycleReport(
                            clock.instant(), 0, 0, 0, 0, 0, 0, 0, 0, 0)), cluster, clock)))
            .toCompletableFuture()
            .get(10, TimeUnit.SECONDS);
  }

  public static EdgeHarness start(ActorSystem<?> system) throws Exception {
    return new EdgeHarness(system, "");
  }

  /** overrides: HOCON, e.g. "symphony.edge.admission.max-in-flight = 4". */
  public static EdgeHarness start(ActorSystem<?> system, String overrides) throws Exception {
    return new EdgeHarness(system, overrides);
  }

  public static Config config(String overrides) {
    return ConfigFactory.parseString(overrides)
        .withFallback(ConfigFactory.parseString("symphony.edge.port = 0"))
        .withFallback(ConfigFactory.load())
        .resolve();
  }

  public int port() {
    return binding.localAddress().getPort();
  }

  public URI uri(String path) {
    return URI.create("http://127.0.0.1:" + port() + path);
  }

  public String token(ApiClient client) {
    return issuer.issue(client, 1).accessToken();
  }

  public HttpRequest.Builder request(String path) {
    return HttpRequest.newBuilder(uri(path)).timeout(CALL_TIMEOUT);
  }

  /** POST /v1/instructions as a participant would send it; null token or key leaves the header out. */
  public HttpRequest submit(String token, String idempotencyKey, String body) {
    HttpRequest.Builder b =
        request("/v1/instructions")
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body));
    if (token != null) b.header("Authorization", "Bearer " + token);
    if (idempotencyKey != null) b.header("Idempotency-Key", idempotencyKey);
    return b.build();
  }

  public HttpRequest submit(String idempotencyKey, String body) {
    return submit(token(PARTICIPANT_CLIENT), idempotencyKey, body);
  }

  public HttpRequest get(String path, String token) {
    HttpRequest.Builder b = request(path).GET();
    if (token != null) b.header("Authorization", "Bearer " + token);
    return b.build();
  }

  public HttpResponse<String> send(HttpRequest request) throws Exception {
    return http.send(request, HttpResponse.BodyHandlers.ofString());
  }

  public CompletableFuture<HttpResponse<String>> sendAsync(HttpRequest request) {
    return http.sendAsync(request, HttpResponse.BodyHandlers.ofString());
  }

  public static String body(String value, String currency, String msisdn) {
    return "{\"amount\":{\"value\":\"" + value + "\",\"currency\":\"" + currency + "\"},"
        + "\"creditor\":{\"msisdn\":\"" + msisdn + "\"}}";
  }

  @Override
  public void close() throws Exception {
    binding.terminate(Duration.ofSeconds(1)).toCompletableFuture().get(10, TimeUnit.SECONDS);
  }
}
