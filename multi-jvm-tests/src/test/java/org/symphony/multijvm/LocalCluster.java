package org.symphony.multijvm;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A cluster of two node JVMs on this machine, started one after the other.
 *
 * <p>Node A is a full sandbox node: its own embedded PostgreSQL 18, the MTN simulator, dev credentials in its
 * dev.json. Node B joins A's cluster (A is the only seed node), uses A's database (external mode, through
 * {@code SYMPHONY_DB_URL}), A's simulator, and neither starts simulators nor writes credentials. Both sign and
 * verify tokens with one key file, so a token from either edge is good on both.
 *
 * <p>Files: {@code root/node-a}, {@code root/node-b} (homes), {@code root/shared/jwt-es256.jwk}.
 */
final class LocalCluster {

  static final String SYSTEM_NAME = "symphony";
  static final Duration NODE_START = Duration.ofSeconds(120);
  static final Duration GRACEFUL_STOP = Duration.ofSeconds(60);

  private static final Duration HTTP_TIMEOUT = Duration.ofSeconds(10);

  private final Path root;
  private final Path logDir;
  private final NodeProcess.Ports portsA;
  private final NodeProcess.Ports portsB;
  private final Map<String, String> clusterProperties;
  private final HttpClient http =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();

  private NodeProcess a;
  private NodeProcess b;
  private JsonNode devJson;

  private LocalCluster(Path root, Path logDir, List<NodeProcess.Ports> ports) throws IOException {
    this.root = root;
    this.logDir = logDir;
    this.portsA = ports.get(0);
    this.portsB = ports.get(1);
    Files.createDirectories(root.resolve("shared"));
    Map<String, String> props = new LinkedHashMap<>();
    // An indexed -D property turns into a list for Typesafe Config's getStringList (numerically keyed object).
    props.put("pekko.cluster.seed-nodes.0", seedNode());
    props.put("symphony.edge.token.key-file", root.resolve("shared").resolve("jwt-es256.jwk").toString());
    this.clusterProperties = Map.copyOf(props);
  }

  /** Chooses the ports of both nodes; starts nothing. */
  static LocalCluster prepare(Path root, Path logDir) throws IOException {
    return new LocalCluster(root, logDir, NodeProcess.Ports.free(2));
  }

  /** Starts node A (own PostgreSQL, simulator, dev credentials) with {@code properties} added, and waits until it is up. */
  NodeProcess startA(Map<String, String> properties) throws IOException {
    if (a != null) throw new IllegalStateException("node-a already started");
    Map<String, String> props = new LinkedHashMap<>(clusterProperties);
    props.putAll(properties);
    a = NodeProcess.start("node-a", homeA(), portsA, props, Map.of(), logDir, NODE_START);
    devJson = a.devJson();
    return a;
  }

  /**
   * Starts node B against A's database and simulator, with {@code properties} added, and waits until it printed its
   * banner (not until it is an Up member: see {@link #awaitMembersUp}).
   */
  NodeProcess startB(Map<String, String> properties) throws IOException {
    if (a == null) throw new IllegalStateException("node-a first");
    if (b != null) throw new IllegalStateException("node-b already started");
    Map<String, String> props = new LinkedHashMap<>(clusterProperties);
    props.put("symphony.node.start-simulators", "off");
    props.put("symphony.node.dev-credentials", "off");
    props.put("symphony.rails.mtn.base-url", simulatorUrl());
    props.putAll(properties);
    // As an external database: A's superuser owns the schema (migrations, partitions), dev.json's role runs the node.
    Map<String, String> env = new HashMap<>();
    var owner = a.superuserCredentials();
    env.put("SYMPHONY_DB_URL", devJson.get("db_url").asText());
    env.put("SYMPHONY_DB_USER", owner.getProperty("owner.user"));
    env.put("SYMPHONY_DB_PASSWORD", owner.getProperty("owner.password"));
    env.put("SYMPHONY_DB_RUNTIME_USER", devJson.get("db_user").asText());
    env.put("SYMPHONY_DB_RUNTIME_PASSWORD", devJson.get("db_password").asText());
    // One key for the cluster's client-secret hashes: B must verify the secrets A registered.
    env.put("SYMPHONY_CLIENT_SECRET_KEY", a.clientSecretKey());
    b = NodeProcess.start("node-b", homeB(), portsB, props, env, logDir, NODE_START);
    return b;
  }

  NodeProcess a() {
    return a;
  }

  NodeProcess b() {
    return b;
  }

  boolean hasB() {
    return b != null;
  }

  /** Node A's dev.json: credentials, A's edge, the simulator, the database. */
  JsonNode devJson() {
    return devJson;
  }

  String simulatorUrl() {
    return devJson.get("mtn_simulator_url").asText();
  }

  EdgeApi edgeA() {
    return new EdgeApi(devJson.get("edge_url").asText(), simulatorUrl());
  }

  EdgeApi edgeB() {
    return new EdgeApi("http://127.0.0.1:" + portsB.edge(), simulatorUrl());
  }

  String managementUrlA() {
    return "http://127.0.0.1:" + portsA.management();
  }

  String managementUrlB() {
    return "http://127.0.0.1:" + portsB.management();
  }

  /** A new JDBC connection to the cluster's database (A's embedded PostgreSQL). */
  Connection database() throws SQLException {
    return DriverManager.getConnection(
        devJson.get("db_url").asText(), devJson.get("db_user").asText(), devJson.get("db_password").asText());
  }

  /** {@code GET /cluster/members} of pekko-management at {@code managementUrl}. */
  JsonNode members(String managementUrl) throws IOException, InterruptedException {
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(URI.create(managementUrl + "/cluster/members")).timeout(HTTP_TIMEOUT).GET().build(),
            HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 200)
      throw new IOException("GET " + managementUrl + "/cluster/members: HTTP " + response.statusCode() + " " + response.body());
    return EdgeApi.JSON.readTree(response.body());
  }

  /**
   * Waits until every started node sees exactly the started nodes as members, all Up, none unreachable. Returns the
   * last answer of node A.
   */
  JsonNode awaitMembersUp(Duration deadline) {
    List<String> urls = new ArrayList<>(List.of(managementUrlA()));
    if (b != null) urls.add(managementUrlB());
    List<String> expected = new ArrayList<>(List.of(address(portsA)));
    if (b != null) expected.add(address(portsB));
    Map<String, String> last = new LinkedHashMap<>();
    JsonNode[] lastA = new JsonNode[1];
    Await.until(
        expected.size() + " members Up on " + urls,
        deadline,
        () -> {
          boolean all = true;
          for (String url : urls) {
            JsonNode members;
            try {
              members = members(url);
            } catch (IOException e) {
              last.put(url, e.toString());
              all = false;
              continue;
            }
            last.put(url, members.toString());
            if (url.equals(managementUrlA())) lastA[0] = members;
            List<String> up = new ArrayList<>();
            for (JsonNode m : members.path("members"))
              if ("Up".equals(m.path("status").asText())) up.add(m.path("node").asText());
            boolean ok =
                up.size() == expected.size()
                    && up.containsAll(expected)
                    && members.path("members").size() == expected.size()
                    && members.path("unreachable").isEmpty();
            all &= ok;
          }
          return all;
        },
        () -> "last answers: " + last);
    return lastA[0];
  }

  /** The cluster address of a node (as /cluster/members names it). */
  static String address(NodeProcess.Ports ports) {
    return "pekko://" + SYSTEM_NAME + "@127.0.0.1:" + ports.remote();
  }

  private String seedNode() {
    return address(portsA);
  }

  Path homeA() {
    return root.resolve("node-a");
  }

  Path homeB() {
    return root.resolve("node-b");
  }

  /**
   * Stops B, then A (SIGTERM, SIGKILL past {@link #GRACEFUL_STOP}), then looks for processes still using the root
   * (node JVMs, A's postmaster) and ends them. Returns what went wrong (empty: clean).
   */
  List<String> stop() {
    List<String> problems = new ArrayList<>();
    for (NodeProcess node : new NodeProcess[] {b, a}) {
      if (node == null || !node.isAlive()) continue;
      long start = System.nanoTime();
      boolean graceful = node.stop(GRACEFUL_STOP);
      System.out.printf(
          "%s stopped %s in %d ms (exit %d)%n",
          node.name(), graceful ? "gracefully" : "BY SIGKILL", Await.millisSince(start), node.exitValue());
      if (!graceful)
        problems.add(
            node.name() + " did not stop within " + GRACEFUL_STOP.toSeconds() + " s of SIGTERM; log tail:\n" + node.logTail(40));
    }
    List<ProcessHandle> leftovers = NodeProcess.processesUsing(root);
    if (!leftovers.isEmpty()) {
      problems.add("processes still using " + root + " after the nodes stopped:\n" + NodeProcess.describe(leftovers));
      leftovers.forEach(ProcessHandle::destroy);
      leftovers.forEach(p -> p.onExit().completeOnTimeout(p, 30, TimeUnit.SECONDS).join());
      leftovers.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
    }
    return problems;
  }
}
