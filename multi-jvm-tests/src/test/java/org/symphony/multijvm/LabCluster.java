package org.symphony.multijvm;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;

/**
 * N node JVMs, each in a network namespace of a {@link NetworkLab}, sharing one {@link LabDatabase} and the
 * {@link RailSimulators} in the root namespace. Every node has the same fixed ports on its own service address; the
 * cluster (Artery) runs over the lab's cluster network, which the test can cut. Node 1 registers the development
 * credentials (its home's dev.json); all nodes sign tokens with one key and hash client secrets with one key.
 *
 * <p>Files under {@code root}: {@code node-<i>} (homes), {@code pg} (the database), {@code rails} (strike
 * ledgers), {@code shared} (the JWT key). Logs in {@code logDir}.
 */
final class LabCluster implements AutoCloseable {

  static final String SYSTEM_NAME = "symphony";
  static final int EDGE_PORT = 8080;
  static final int MANAGEMENT_PORT = 8558;
  static final int REMOTE_PORT = 25520;
  /** Unused (the nodes start no simulator), but {@code run} takes it. */
  private static final int UNUSED_SIM_PORT = 9101;
  /** Measured: a node JVM takes 25–60 s to start while other JVMs start on the same 2 cores. */
  static final Duration NODE_START = Duration.ofSeconds(240);
  /** The load here is small: C1 only spends less of the shared cores on compiling while several JVMs start. */
  private static final List<String> JVM_OPTIONS = List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC");
  static final Duration GRACEFUL_STOP = Duration.ofSeconds(60);
  private static final Duration HTTP_TIMEOUT = Duration.ofSeconds(5);

  /** Settings of every lab node; a scenario may add its own. */
  static final Map<String, String> NODE_SETTINGS =
      Map.of(
          // Short enough for a test, long enough to ride out a loaded machine's GC pauses.
          "pekko.cluster.split-brain-resolver.stable-after", "6s",
          "symphony.node.start-simulators", "off",
          "symphony.node.simulator-callbacks", "off",
          "symphony.metrics.port", "0",
          // The gap report settles within seconds (as in CrashRetryReconciliationTest).
          "symphony.audit.gap.grace", "2s",
          "symphony.audit.reconciliation.interval", "2s",
          // A number sequenced for an instruction that never recorded its acceptance (its submission timed out on a
          // crowded machine, or its node was cut off) is voided after this (5 min by default), so INV-SEQ and the gap
          // report can be read within the test.
          "symphony.engine.participant.void-unaccepted-after", "30s",
          "symphony.engine.participant.sweep-interval", "5s",
          // Pekko waits this long for an extension (the serializers) to initialise: 20 s was measured too short
          // for a node JVM starting while four others run on the same two cores.
          "pekko.actor.creation-timeout", "120s");

  private final Path root;
  private final Path logDir;
  private final NetworkLab lab;
  private final LabDatabase db;
  private final RailSimulators rails;
  private final Map<String, String> extraSettings;
  private final String clientSecretKey;
  private final NodeProcess[] nodes;
  private final boolean[] everStarted;
  private final HttpClient http =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(HTTP_TIMEOUT).build();
  private JsonNode devJson;
  private boolean stopped;

  private LabCluster(
      Path root, Path logDir, NetworkLab lab, LabDatabase db, RailSimulators rails, Map<String, String> extraSettings) {
    this.root = root;
    this.logDir = logDir;
    this.lab = lab;
    this.db = db;
    this.rails = rails;
    this.extraSettings = Map.copyOf(extraSettings);
    byte[] key = new byte[32];
    new SecureRandom().nextBytes(key);
    this.clientSecretKey = Base64.getEncoder().encodeToString(key);
    this.nodes = new NodeProcess[lab.hosts().size()];
    this.everStarted = new boolean[lab.hosts().size()];
  }

  /**
   * The lab, the database and the rails, then node 1 (it registers the credentials), then the others at once; returns
   * when every node printed its banner (see {@link #awaitMembersUp} for membership).
   */
  static LabCluster start(int size, Path root, Path logDir, Duration railDelay, Map<String, String> extraSettings, Timeline timeline)
      throws IOException {
    NetworkLab lab = NetworkLab.create(size);
    LabDatabase db = null;
    RailSimulators rails;
    try {
      timeline.note("network lab: %d namespaces, service %s, cluster 10.78.0.0/24", size, NetworkLab.SERVICE_NETWORK);
      db = LabDatabase.start(root.resolve("pg"), NetworkLab.SERVICE_GATEWAY, NetworkLab.SERVICE_NETWORK);
      timeline.note("PostgreSQL 18 on %s, migrated", db.url());
      rails = RailSimulators.prepare(NetworkLab.SERVICE_GATEWAY, root.resolve("rails"), railDelay, logDir);
    } catch (IOException | RuntimeException | Error e) {
      if (db != null) db.close();
      lab.close();
      throw e;
    }
    LabCluster cluster = new LabCluster(root, logDir, lab, db, rails, extraSettings);
    try {
      // The rails and node 1 start together (node 1 has nothing in flight to ask them about yet).
      CompletableFuture<Void> railsUp = CompletableFuture.runAsync(rails::start);
      cluster.startNode(1);
      timeline.note("node-1 up (pid %d)", cluster.node(1).pid());
      railsUp.join();
      timeline.note("rail simulators up: %s", rails.nodeSettings().values());
      List<Integer> others = new ArrayList<>();
      for (int i = 2; i <= size; i++) others.add(i);
      cluster.startNodes(others);
      timeline.note("nodes %s up", others);
    } catch (IOException | RuntimeException | Error e) {
      cluster.close();
      throw e;
    }
    return cluster;
  }

  /** Starts node {@code index} (again, on the same home, after a stop) and waits for its banner. */
  NodeProcess startNode(int index) throws IOException {
    NetworkLab.LabHost host = lab.host(index);
    Map<String, String> props = new LinkedHashMap<>(NODE_SETTINGS);
    props.put("symphony.edge.host", host.serviceIp());
    props.put("pekko.management.http.hostname", host.serviceIp());
    props.put("pekko.remote.artery.canonical.hostname", host.clusterIp());
    // Every node is a seed. Only the first seed of the list may form a cluster by joining itself, and it does so when
    // no other seed answers within seed-node-timeout (5 s): measured here, a restarted node 1 listed first formed an
    // island cluster of its own beside the running one on the same database. So only node 1's first start lists
    // itself first; every other start lists another node first, and can only join.
    List<Integer> seeds = new ArrayList<>();
    boolean founding = index == 1 && !everStarted[0];
    for (NetworkLab.LabHost seed : lab.hosts()) if (seed.index() != index) seeds.add(seed.index());
    if (founding) seeds.add(0, index);
    else seeds.add(index);
    for (int i = 0; i < seeds.size(); i++) props.put("pekko.cluster.seed-nodes." + i, address(seeds.get(i)));
    props.put("symphony.edge.token.key-file", root.resolve("shared").resolve("jwt-es256.jwk").toString());
    props.put("symphony.node.dev-credentials", index == 1 ? "on" : "off");
    props.putAll(rails.nodeSettings());
    props.putAll(extraSettings);
    Map<String, String> env = new LinkedHashMap<>(db.nodeEnvironment());
    env.put("SYMPHONY_CLIENT_SECRET_KEY", clientSecretKey);
    Files.createDirectories(root.resolve("shared"));
    NodeProcess.Ports ports = new NodeProcess.Ports(EDGE_PORT, MANAGEMENT_PORT, UNUSED_SIM_PORT, REMOTE_PORT);
    NodeProcess node =
        NodeProcess.launch(
            "node-" + index, home(index), lab.inside(host), JVM_OPTIONS, props, NodeProcess.runArguments(home(index), ports), env, logDir, NODE_START);
    synchronized (nodes) {
      nodes[index - 1] = node;
      everStarted[index - 1] = true;
    }
    if (index == 1) devJson = node.devJson();
    return node;
  }

  /** Starts several nodes at once (never node 1 together with others: it creates the first attestation partitions). */
  void startNodes(Collection<Integer> indexes) {
    List<CompletableFuture<NodeProcess>> starting = new ArrayList<>();
    for (int i : indexes)
      starting.add(CompletableFuture.supplyAsync(() -> {
        try {
          return startNode(i);
        } catch (IOException e) {
          throw new CompletionException(e);
        }
      }));
    List<Throwable> failures = new ArrayList<>();
    for (CompletableFuture<NodeProcess> f : starting) {
      try {
        f.join();
      } catch (CompletionException e) {
        failures.add(e.getCause());
      }
    }
    if (!failures.isEmpty()) {
      AssertionError error = new AssertionError("nodes did not start: " + failures);
      failures.forEach(error::addSuppressed);
      throw error;
    }
  }

  int size() {
    return nodes.length;
  }

  NodeProcess node(int index) {
    synchronized (nodes) {
      return nodes[index - 1];
    }
  }

  NetworkLab lab() {
    return lab;
  }

  LabDatabase database() {
    return db;
  }

  RailSimulators rails() {
    return rails;
  }

  /** Node 1's dev.json: the participants' credentials. */
  JsonNode devJson() {
    return devJson;
  }

  String edgeUrl(int index) {
    return "http://" + lab.host(index).serviceIp() + ":" + EDGE_PORT;
  }

  String managementUrl(int index) {
    return "http://" + lab.host(index).serviceIp() + ":" + MANAGEMENT_PORT;
  }

  /** The node's cluster address, as /cluster/members names it. */
  String address(int index) {
    return "pekko://" + SYSTEM_NAME + "@" + lab.host(index).clusterIp() + ":" + REMOTE_PORT;
  }

  /** Index of the node at a cluster address. */
  int indexOf(String address) {
    for (NetworkLab.LabHost h : lab.hosts()) if (address(h.index()).equals(address)) return h.index();
    throw new IllegalArgumentException("not a lab node: " + address);
  }

  /** {@code GET <management>/path} of node {@code index}, as JSON. */
  JsonNode management(int index, String path) throws IOException, InterruptedException {
    HttpResponse<String> r =
        http.send(
            HttpRequest.newBuilder(URI.create(managementUrl(index) + path)).timeout(HTTP_TIMEOUT).GET().build(),
            HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != 200) throw new IOException("GET " + managementUrl(index) + path + ": HTTP " + r.statusCode() + " " + r.body());
    return EdgeApi.JSON.readTree(r.body());
  }

  /** What node {@code observer} sees: member index → status, plus "unreachable" → indexes. */
  Membership membership(int observer) throws IOException, InterruptedException {
    JsonNode members = management(observer, "/cluster/members");
    Map<Integer, String> status = new TreeMap<>();
    for (JsonNode m : members.path("members")) status.put(indexOf(m.path("node").asText()), m.path("status").asText());
    Set<Integer> unreachable = new TreeSet<>();
    for (JsonNode u : members.path("unreachable")) unreachable.add(indexOf(u.path("node").asText()));
    return new Membership(status, unreachable);
  }

  /** A node's view of the cluster. */
  record Membership(Map<Integer, String> status, Set<Integer> unreachable) {

    boolean allUp(Set<Integer> expected) {
      return status.keySet().equals(expected) && status.values().stream().allMatch("Up"::equals) && unreachable.isEmpty();
    }

    @Override
    public String toString() {
      return "members " + status + (unreachable.isEmpty() ? "" : ", unreachable " + unreachable);
    }
  }

  /** Waits until every node of {@code expected} sees exactly {@code expected}, all Up, none unreachable. */
  void awaitMembersUp(Set<Integer> expected, Duration deadline) {
    Map<Integer, String> last = new TreeMap<>();
    Await.until(
        "members " + expected + " all Up as seen by each of them",
        deadline,
        () -> {
          boolean all = true;
          for (int i : expected) {
            try {
              Membership m = membership(i);
              last.put(i, m.toString());
              all &= m.allUp(expected);
            } catch (IOException e) {
              last.put(i, e.toString());
              all = false;
            }
          }
          return all;
        },
        () -> "last views: " + last);
  }

  /** Number of shards of {@code entityType} node {@code index} hosts now (pekko-management's local region stats). */
  int shards(int index, String entityType) throws IOException, InterruptedException {
    return management(index, "/cluster/shards/" + entityType).path("regions").size();
  }

  Path home(int index) {
    return root.resolve("node-" + index);
  }

  Path logDir() {
    return logDir;
  }

  /**
   * Stops every running node (SIGTERM, SIGKILL past {@link #GRACEFUL_STOP}), the rails, the database and the lab.
   * Returns what went wrong (empty: clean).
   */
  synchronized List<String> stopAll() {
    List<String> problems = new ArrayList<>();
    if (stopped) return problems;
    stopped = true;
    List<CompletableFuture<Void>> stopping = new ArrayList<>();
    for (int i = nodes.length; i >= 1; i--) {
      NodeProcess node = node(i);
      if (node == null || !node.isAlive()) continue;
      stopping.add(CompletableFuture.runAsync(() -> {
        if (!node.stop(GRACEFUL_STOP))
          synchronized (problems) {
            problems.add(node.name() + " did not stop within " + GRACEFUL_STOP.toSeconds() + " s of SIGTERM; log tail:\n" + node.logTail(40));
          }
      }));
    }
    stopping.forEach(CompletableFuture::join);
    rails.close();
    db.close();
    lab.close();
    List<ProcessHandle> leftovers = NodeProcess.processesUsing(root);
    if (!leftovers.isEmpty()) {
      problems.add("processes still using " + root + " after the lab stopped:\n" + NodeProcess.describe(leftovers));
      leftovers.forEach(ProcessHandle::destroy);
      leftovers.forEach(p -> p.onExit().completeOnTimeout(p, 30, TimeUnit.SECONDS).join());
      leftovers.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
    }
    return problems;
  }

  @Override
  public void close() {
    stopAll().forEach(System.err::println);
  }
}
