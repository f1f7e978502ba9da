package org.symphony.multijvm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's three-node command, {@code symphony run --profile local --nodes 3 --home DIR} (with free base ports and
 * {@code --exit-with-parent}, so that the launcher cannot outlive this test): three members Up, dev.json naming all
 * three, an instruction submitted on node 3's edge with node 1's dev credentials SUCCEEDED, and SIGTERM on the launcher
 * stops all three JVMs (and node 1's PostgreSQL).
 */
class LocalProfileClusterTest {

  private static final int NODES = 3;
  /** Node 1, then the children at once (symphony.node.local.child-start-timeout = 300 s) on a shared 2-core machine. */
  private static final Duration UP = Duration.ofSeconds(480);
  private static final Duration MEMBERS_UP = Duration.ofSeconds(120);
  private static final Duration SUCCEEDED_WITHIN = Duration.ofSeconds(60);
  private static final Duration ALL_GONE = Duration.ofSeconds(120);
  private static final String BODY =
      "{\"amount\":{\"value\":\"25.00\",\"currency\":\"ZMW\"},\"creditor\":{\"msisdn\":\"+260961234567\"},\"reference\":\"LOCAL-3\"}";

  @TempDir Path home;
  private Process launcher;
  private Path log;

  @AfterEach
  void cleanUp() {
    if (launcher != null && launcher.isAlive()) {
      launcher.toHandle().descendants().forEach(ProcessHandle::destroyForcibly);
      launcher.destroyForcibly();
    }
    NodeProcess.processesUsing(home).forEach(ProcessHandle::destroyForcibly);
  }

  @Test
  void threeNodesOnLoopbackServeAndStopTogether() throws Exception {
    Path logDir = Path.of(System.getProperty("symphony.multijvm.log-dir", System.getProperty("java.io.tmpdir")))
        .resolve("LocalProfileClusterTest-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
    Files.createDirectories(logDir);
    log = logDir.resolve("launcher.log");
    int[] bases = freeRuns(3, NODES); // edge, management, Artery: NODES consecutive free ports each
    int mtnSim = bases[3];

    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx512m",
        "-cp", NodeClasspath.snapshot(logDir.resolve("classpath")),
        "-Dlogback.configurationFile=node-logback.xml",
        "-Dsymphony.rails.simulator.airtel.port=0",
        "-Dsymphony.rails.simulator.rtgs.port=0",
        "org.symphony.node.Main", "run", "--profile", "local", "--nodes", Integer.toString(NODES), "--home", home.toString(),
        "--edge-port", Integer.toString(bases[0]),
        "--management-port", Integer.toString(bases[1]),
        "--remote-port", Integer.toString(bases[2]),
        "--mtn-sim-port", Integer.toString(mtnSim),
        "--metrics-port", "0",
        "--exit-with-parent"));
    launcher = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
    Await.until("the launcher prints its banner", UP, () -> {
      if (logText().contains("Symphony local cluster is up") && logText().contains(NodeProcess.BANNER)) return true;
      if (!launcher.isAlive()) throw new AssertionError("launcher exited with " + launcher.exitValue() + ":\n" + logText());
      return false;
    }, this::logText);

    List<String> edges = new ArrayList<>();
    List<String> managements = new ArrayList<>();
    for (int i = 0; i < NODES; i++) {
      edges.add("http://127.0.0.1:" + (bases[0] + i));
      managements.add("http://127.0.0.1:" + (bases[1] + i));
    }

    // Three members Up, as node 1's management sees them.
    List<String> expectedMembers = new ArrayList<>();
    for (int i = 0; i < NODES; i++) expectedMembers.add("pekko://symphony@127.0.0.1:" + (bases[2] + i));
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    String[] last = {""};
    Await.until(NODES + " members Up on node 1", MEMBERS_UP, () -> {
      HttpResponse<String> r = http.send(
          HttpRequest.newBuilder(URI.create(managements.get(0) + "/cluster/members")).timeout(Duration.ofSeconds(10)).build(),
          HttpResponse.BodyHandlers.ofString());
      last[0] = r.statusCode() + " " + r.body();
      if (r.statusCode() != 200) return false;
      List<String> up = new ArrayList<>();
      for (JsonNode m : EdgeApi.JSON.readTree(r.body()).path("members"))
        if ("Up".equals(m.path("status").asText())) up.add(m.path("node").asText());
      return up.size() == NODES && up.containsAll(expectedMembers);
    }, () -> "last answer: " + last[0]);

    // dev.json: the first node in edge_url/management_url, all of them in the lists.
    JsonNode dev = EdgeApi.JSON.readTree(home.resolve("dev.json").toFile());
    assertEquals(edges.get(0), dev.get("edge_url").asText());
    assertEquals(managements.get(0), dev.get("management_url").asText());
    assertEquals(edges, texts(dev.get("edge_urls")));
    assertEquals(managements, texts(dev.get("management_urls")));

    // Node 1's dev credentials work on node 3's edge (one client-secret key, one token key, one database).
    EdgeApi node3 = new EdgeApi(edges.get(2), dev.get("mtn_simulator_url").asText());
    JsonNode participant = dev.get("participants").get(0);
    String token = node3.token(participant.get("client_id").asText(), participant.get("client_secret").asText());
    EdgeApi.Answer accepted = node3.submit(token, "local-three-1", BODY);
    assertEquals(202, accepted.status(), accepted.toString());
    String instructionId = accepted.json().get("instructionId").asText();
    String[] status = {""};
    Await.until("instruction " + instructionId + " SUCCEEDED (asked on node 3)", SUCCEEDED_WITHIN, () -> {
      EdgeApi.Answer view = node3.instructionAsync(token, instructionId).join();
      status[0] = view.toString();
      if (view.status() != 200) return false;
      String s = view.json().path("status").asText();
      if (List.of("FAILED", "REJECTED", "UNKNOWN_OUTCOME").contains(s)) throw new AssertionError("ended " + view);
      return "SUCCEEDED".equals(s);
    }, () -> "last: " + status[0]);

    // SIGTERM on the launcher stops all three JVMs, and node 1's PostgreSQL with node 1.
    List<ProcessHandle> jvms = new ArrayList<>(List.of(launcher.toHandle()));
    launcher.toHandle().children().filter(p -> p.info().command().map(c -> c.endsWith("java")).orElse(false)).forEach(jvms::add);
    assertEquals(NODES, jvms.size(), "launcher + child JVMs: " + NodeProcess.describe(jvms));
    launcher.toHandle().destroy();
    Await.until("all " + NODES + " node JVMs gone after SIGTERM on the launcher", ALL_GONE,
        () -> jvms.stream().noneMatch(ProcessHandle::isAlive),
        () -> "alive: " + NodeProcess.describe(jvms.stream().filter(ProcessHandle::isAlive).toList()) + "\nlauncher log:\n" + tail(logText(), 40));
    Await.until("no process uses " + home, Duration.ofSeconds(30), () -> NodeProcess.processesUsing(home).isEmpty(),
        () -> NodeProcess.describe(NodeProcess.processesUsing(home)));
    String stopped = logText();
    for (int i = 2; i <= NODES; i++) {
      String childLog = Files.readString(home.resolve("node-" + i).resolve("node.log"), StandardCharsets.UTF_8);
      assertTrue(childLog.contains(NodeProcess.BANNER), "node " + i + " logged its start in node-" + i + "/node.log");
    }
    assertTrue(stopped.contains("node-2") && stopped.contains("node.log"), "the banner names the children's logs:\n" + stopped);
  }

  private String logText() {
    try {
      return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
    } catch (IOException e) {
      return "(unreadable: " + e + ")";
    }
  }

  private static String tail(String text, int lines) {
    String[] all = text.split("\n");
    return String.join("\n", java.util.Arrays.copyOfRange(all, Math.max(0, all.length - lines), all.length));
  }

  private static List<String> texts(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(n -> out.add(n.asText()));
    return out;
  }

  /**
   * {@code runs} bases of {@code length} consecutive ports each, all free at once, plus one more single free port at
   * the end of the array; every socket is held until all are chosen, then released.
   */
  private static int[] freeRuns(int runs, int length) throws IOException {
    List<ServerSocket> held = new ArrayList<>();
    try {
      int[] bases = new int[runs + 1];
      for (int r = 0; r < runs; r++) {
        bases[r] = -1;
        for (int attempt = 0; attempt < 200 && bases[r] < 0; attempt++) {
          int base = ThreadLocalRandom.current().nextInt(20000, 60000);
          List<ServerSocket> run = new ArrayList<>();
          try {
            for (int i = 0; i < length; i++) run.add(new ServerSocket(base + i));
            held.addAll(run);
            bases[r] = base;
          } catch (IOException taken) {
            for (ServerSocket s : run) s.close();
          }
        }
        if (bases[r] < 0) throw new IOException("no " + length + " consecutive free ports found");
      }
      ServerSocket single = new ServerSocket(0);
      held.add(single);
      bases[runs] = single.getLocalPort();
      return bases;
    } finally {
      for (ServerSocket s : held) s.close();
    }
  }
}
