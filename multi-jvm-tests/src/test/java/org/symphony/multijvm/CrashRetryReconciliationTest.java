package org.symphony.multijvm;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.symphony.node.Main;
import picocli.CommandLine;

/**
 * Acceptance (INV-GAP): instructions on all three rails, a share of them sent 2–5 times at once, the simulators
 * injecting 5xx and execute-then-drop, the node SIGKILLed twice mid-flight, and clients retrying every unanswered
 * request with the same key. Afterwards, within the grace plus a reconciliation cycle, {@code symphony gap-report
 * --json} exits 0; the attestations that never got an outcome (their node died first) are exactly the ones it
 * counts as accounted; and no key has two instructions.
 */
class CrashRetryReconciliationTest {

  private static final int PARTICIPANTS = 3;
  private static final int KEYS_PER_PARTICIPANT = 30;
  private static final int MAX_CONCURRENT = 24;
  private static final Duration RETRY_BACKOFF = Duration.ofMillis(250);
  private static final Duration NODE_START = Duration.ofSeconds(120);
  private static final Duration GRACE = Duration.ofSeconds(2);
  private static final Map<String, String> NODE_SETTINGS = Map.of(
      "symphony.audit.gap.grace", "2s",
      "symphony.audit.reconciliation.interval", "2s",
      // Longer than a node's restart on a loaded 2-core machine (35 s measured): clients retry once a node is up again.
      "symphony.audit.reconciliation.retry-window", "90s",
      // Transfers stay pending at the rails for a while: there is always something in flight to crash.
      "symphony.rails.simulator.mtn.completion-delay", "2s",
      "symphony.rails.simulator.airtel.completion-delay", "2s",
      "symphony.rails.simulator.rtgs.completion-delay", "2s");
  private static final String FAULTS = "{\"failureRate5xx\": 0.15, \"dropResponseAfterExecuteRate\": 0.10}";
  private static final String NO_FAULTS = "{\"failureRate5xx\": 0.0, \"dropResponseAfterExecuteRate\": 0.0}";

  @TempDir Path home;
  private final List<NodeProcess> nodes = new ArrayList<>();
  private Path logDir;

  private record Key(String participant, String clientId, String clientSecret, String key, String body, int copies) {}

  @AfterEach
  void stopNodes() {
    for (int i = nodes.size() - 1; i >= 0; i--) if (nodes.get(i).isAlive()) nodes.get(i).stop(Duration.ofSeconds(60));
  }

  @Test
  void crashesAndRetries_everyAttestationIsReconciled() throws Exception {
    logDir = Path.of(System.getProperty("symphony.multijvm.log-dir", System.getProperty("java.io.tmpdir")))
        .resolve("CrashRetryReconciliationTest-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
    NodeProcess.Ports ports = NodeProcess.Ports.free();
    NodeProcess a = start("node-a", ports);
    JsonNode dev = a.devJson();
    List<Key> keys = keys(dev);
    Clients clients = new Clients(keys, EdgeApi.of(dev)); // every node of the test serves the same edge port
    setFaults(dev, FAULTS);
    Thread load = new Thread(clients::run, "clients");
    load.start();

    // Two SIGKILLs mid-flight, each with requests on their way and transfers pending at the rails. Each comes while
    // the outcome table is held (a slow disk, say) and a new wave of keys arrives: those requests are attested and
    // executed, but the node dies before it records what became of them — attestations without an outcome, for
    // certain, exactly as the review measured them.
    int wave = keys.size() / 3;
    clients.release(wave);
    Await.until("the first wave answered", Duration.ofSeconds(120), () -> clients.answered() >= wave, clients::progress);
    killWhileOutcomesAreHeld(a, dev, clients, () -> clients.release(2 * wave));
    NodeProcess b = start("node-b", ports);
    setFaults(b.devJson(), FAULTS);
    killWhileOutcomesAreHeld(b, b.devJson(), clients, () -> clients.release(keys.size()));
    NodeProcess c = start("node-c", ports);
    JsonNode devC = c.devJson();
    setFaults(devC, FAULTS);
    Await.until("every key answered", Duration.ofSeconds(240), () -> clients.answered() == keys.size(), clients::progress);
    clients.stop();
    load.join(60_000);
    setFaults(devC, NO_FAULTS);
    log("all %d keys answered; %s", keys.size(), clients.progress());

    // No key has two instructions: every answer for a key names the same instruction.
    clients.instructionIds.forEach((key, ids) -> assertEquals(1, ids.size(), "key " + key + " answered with " + ids));

    // Every instruction ends (INV-TERMINAL), then the gap report is clean within the grace plus one cycle or two.
    String dbUrl = devC.get("db_url").asText();
    String dbUser = devC.get("db_user").asText();
    String dbPassword = devC.get("db_password").asText();
    Await.until("every instruction terminal", Duration.ofSeconds(180),
        () -> count(dbUrl, dbUser, dbPassword, "select count(*) from instruction_status where status not in ('SUCCEEDED','FAILED','REJECTED')") == 0
            && count(dbUrl, dbUser, dbPassword, "select count(*) from instruction_status") == keys.size(),
        () -> "open: " + safeCount(dbUrl, dbUser, dbPassword, "select count(*) from instruction_status where status not in ('SUCCEEDED','FAILED','REJECTED')")
            + ", rows: " + safeCount(dbUrl, dbUser, dbPassword, "select count(*) from instruction_status"));
    Cli[] last = new Cli[1];
    Await.until("gap-report exits 0", Duration.ofSeconds(60), () -> {
      last[0] = run("gap-report", "--json", "--home", home.toString(), "--grace", GRACE.toSeconds() + "s");
      return last[0].exit() == 0;
    }, () -> (last[0] == null ? "" : last[0].out()) + "\nopen incidents: " + openIncidents(dbUrl, dbUser, dbPassword));
    JsonNode totals = EdgeApi.JSON.readTree(last[0].out()).path("totals");
    long withoutOutcome = count(dbUrl, dbUser, dbPassword, "select count(*) from ingress_attestation a where a.outcome = 'FORWARDED'"
        + " and not exists (select 1 from attestation_outcome o where o.attestation_id = a.attestation_id)");
    log("gap report: %s; %d forwarded attestations had no outcome", totals, withoutOutcome);
    assertTrue(withoutOutcome > 0, "the crashes left attestations without an outcome (else this test shows nothing)");
    assertEquals(withoutOutcome, totals.path("accounted").asLong(), "every attestation without an outcome is accounted: " + totals);
    assertEquals(0, totals.path("openGhosts").asLong());
    assertEquals(0, totals.path("unreconciled").asLong());
    assertEquals(keys.size(), count(dbUrl, dbUser, dbPassword, "select count(distinct instruction_id) from instruction_status"),
        "one instruction per key");
    assertEquals(0, count(dbUrl, dbUser, dbPassword, "select count(*) from reconciliation_record where kind = 'GHOST'"),
        "every request was retried until answered: nothing is a ghost");
  }

  private static void killWhileOutcomesAreHeld(NodeProcess node, JsonNode dev, Clients clients, Runnable nextWave) throws Exception {
    String url = dev.get("db_url").asText(), user = dev.get("db_user").asText(), password = dev.get("db_password").asText();
    String noOutcome = "select count(*) from ingress_attestation a where a.outcome = 'FORWARDED'"
        + " and not exists (select 1 from attestation_outcome o where o.attestation_id = a.attestation_id)";
    long before = count(url, user, password, noOutcome);
    // Locking a table the node may only append to takes more than the node's role: the superuser holds it.
    try (var hold = node.superuser()) {
      hold.setAutoCommit(false);
      try (var s = hold.createStatement()) {
        s.execute("LOCK TABLE attestation_outcome IN EXCLUSIVE MODE");
      }
      nextWave.run();
      Await.until("requests attested while outcomes are held", Duration.ofSeconds(60),
          () -> count(url, user, password, noOutcome) >= before + 3, clients::progress);
      node.kill();
    } catch (java.sql.SQLException closedWithItsServer) {
      // the node's PostgreSQL may go down with it; the lock goes with the connection either way
    }
    log("%s SIGKILLed with %s", node.name(), clients.progress());
  }

  // ---- the clients: every key until it is answered, a share of them several times at once ------------------

  private static final class Clients {
    private final List<Key> keys;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final Semaphore slots = new Semaphore(MAX_CONCURRENT);
    private final Set<String> done = ConcurrentHashMap.newKeySet();
    private final Set<String> firstSends = ConcurrentHashMap.newKeySet();
    final Map<String, Set<String>> instructionIds = new ConcurrentHashMap<>();
    private final Map<String, String> tokens = new ConcurrentHashMap<>();
    private final AtomicBoolean stopped = new AtomicBoolean();
    /** Keys [0, released) are being sent; the test releases them in waves. */
    private final AtomicInteger released = new AtomicInteger();
    private final AtomicInteger sent = new AtomicInteger();
    private final AtomicInteger unanswered = new AtomicInteger();
    private final EdgeApi api;
    private final String edge;

    Clients(List<Key> keys, EdgeApi api) {
      this.keys = keys;
      this.api = api;
      this.edge = api.edgeUrl();
    }

    void run() {
      while (!stopped.get()) {
        List<CompletableFuture<?>> inFlight = new ArrayList<>();
        for (Key k : keys.subList(0, released.get())) {
          if (done.contains(k.key()) || stopped.get()) continue;
          int copies = firstSends.add(k.key()) ? k.copies() : 1; // duplicates at once the first time; retries one at a time
          for (int i = 0; i < copies; i++) inFlight.add(send(k));
        }
        inFlight.forEach(f -> f.exceptionally(e -> null).join());
        // A client's retry backoff: a node that is down refuses connections at once; do not hammer its port.
        CompletableFuture.runAsync(() -> {}, CompletableFuture.delayedExecutor(RETRY_BACKOFF.toMillis(), TimeUnit.MILLISECONDS)).join();
      }
    }

    private CompletableFuture<Void> send(Key k) {
      slots.acquireUninterruptibly();
      sent.incrementAndGet();
      CompletableFuture<HttpResponse<String>> call;
      try {
        String token = tokens.computeIfAbsent(k.participant(), p -> token(k));
        call = http.sendAsync(HttpRequest.newBuilder(URI.create(edge + "/v1/instructions")).timeout(Duration.ofSeconds(10))
            .header("Authorization", "Bearer " + token).header("Idempotency-Key", k.key()).header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(k.body())).build(), HttpResponse.BodyHandlers.ofString());
      } catch (RuntimeException e) {
        call = CompletableFuture.failedFuture(e); // the node is down: retried next round
      }
      return call.handle((r, e) -> {
        slots.release();
        if (e != null || r == null || (r.statusCode() != 200 && r.statusCode() != 202)) {
          unanswered.incrementAndGet();
          if (r != null && r.statusCode() == 401) tokens.remove(k.participant());
          if (r != null && r.statusCode() == 422) throw new AssertionError("key " + k.key() + " refused: " + r.body());
          return null;
        }
        try {
          String id = EdgeApi.JSON.readTree(r.body()).path("instructionId").asText();
          instructionIds.computeIfAbsent(k.key(), x -> ConcurrentHashMap.newKeySet()).add(id);
          done.add(k.key());
        } catch (Exception parse) {
          unanswered.incrementAndGet();
        }
        return null;
      });
    }

    private String token(Key k) {
      try {
        return api.token(k.clientId(), k.clientSecret());
      } catch (Exception | AssertionError e) {
        throw new IllegalStateException("no token now: " + e.getMessage(), e);
      }
    }

    int answered() {
      return done.size();
    }

    void release(int upTo) {
      released.accumulateAndGet(upTo, Math::max);
    }

    void stop() {
      stopped.set(true);
    }

    String progress() {
      return done.size() + "/" + keys.size() + " keys answered, " + sent.get() + " requests sent, " + unanswered.get() + " unanswered";
    }
  }

  // ---- helpers -----------------------------------------------------------------------------------------------

  private List<Key> keys(JsonNode dev) {
    Random random = new Random(20261203);
    List<Key> keys = new ArrayList<>();
    int n = 0;
    for (JsonNode p : dev.get("participants")) {
      if (keys.size() >= PARTICIPANTS * KEYS_PER_PARTICIPANT) break;
      for (int i = 0; i < KEYS_PER_PARTICIPANT; i++, n++) {
        int copies = random.nextDouble() < 0.15 ? 2 + random.nextInt(4) : 1;
        keys.add(new Key(p.get("id").asText(), p.get("client_id").asText(), p.get("client_secret").asText(),
            "crash-retry-" + p.get("id").asText() + "-" + i, body(n), copies));
      }
    }
    assertEquals(PARTICIPANTS * KEYS_PER_PARTICIPANT, keys.size(), "dev.json lists " + PARTICIPANTS + " participants");
    return keys;
  }

  /** Creditors on all three rails: MTN and Airtel MSISDNs, and bank accounts (RTGS). */
  private static String body(int i) {
    ObjectNode body = EdgeApi.JSON.createObjectNode();
    body.putObject("amount").put("value", String.format("%d.%02d", 10 + i, i % 100)).put("currency", "ZMW");
    ObjectNode creditor = body.putObject("creditor");
    switch (i % 3) {
      case 0 -> creditor.put("msisdn", String.format("+26096%07d", 1000001 + i));
      case 1 -> creditor.put("msisdn", String.format("+26077%07d", 1000001 + i));
      default -> creditor.put("bic", "ZNCOZMLU").put("account", String.format("%010d", 1000 + i)).put("name", "Payee " + i);
    }
    body.put("reference", "CR-" + i);
    return body.toString();
  }

  private NodeProcess start(String name, NodeProcess.Ports ports) throws Exception {
    NodeProcess node = NodeProcess.start(name, home, ports, NODE_SETTINGS, logDir, NODE_START);
    nodes.add(node);
    log("%s up (pid %d), log %s", name, node.pid(), node.log());
    return node;
  }

  private static void setFaults(JsonNode dev, String json) throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    for (String field : List.of("mtn_simulator_url", "airtel_simulator_url", "rtgs_simulator_url")) {
      String url = dev.get(field).asText().replaceAll("/+$", "") + "/sim/admin/faults";
      var r = http.send(HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
      assertEquals(200, r.statusCode(), url + ": " + r.body());
    }
  }

  private static long count(String url, String user, String password, String sql) throws Exception {
    try (var c = DriverManager.getConnection(url, user, password); var s = c.createStatement(); var r = s.executeQuery(sql)) {
      r.next();
      return r.getLong(1);
    }
  }

  private static String openIncidents(String url, String user, String password) {
    try (var c = DriverManager.getConnection(url, user, password); var s = c.createStatement();
        var r = s.executeQuery("select reference, kind, detail from audit_incident i where not exists"
            + " (select 1 from incident_resolution x where x.incident_id = i.incident_id)")) {
      StringBuilder out = new StringBuilder();
      while (r.next()) out.append("\n  ").append(r.getString(1)).append(' ').append(r.getString(2)).append(": ").append(r.getString(3));
      return out.toString();
    } catch (Exception e) {
      return e.toString();
    }
  }

  private static String safeCount(String url, String user, String password, String sql) {
    try {
      return Long.toString(count(url, user, password, sql));
    } catch (Exception e) {
      return e.toString();
    }
  }

  private record Cli(int exit, String out) {}

  private static synchronized Cli run(String... args) {
    var out = new ByteArrayOutputStream();
    PrintStream previous = System.out;
    System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    try {
      return new Cli(new CommandLine(new Main()).execute(args), out.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(previous);
    }
  }

  private static void log(String format, Object... args) {
    System.err.println(LocalDateTime.now().format(DateTimeFormatter.ISO_LOCAL_TIME) + " " + String.format(format, args));
  }
}
