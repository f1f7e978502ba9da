package org.symphony.multijvm;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * The three rail simulators as processes of their own ({@code symphony rail-sim}), outside every node: they stay up
 * (with their durable strike ledgers) whatever happens to the nodes, as real rails would.
 */
final class RailSimulators implements AutoCloseable {

  /** A simulated rail: its {@code rail-sim --rail} name and the node setting that points at it. */
  enum Rail {
    mtn("symphony.rails.mtn.base-url"),
    airtel("symphony.rails.airtel.base-url"),
    rtgs("symphony.rails.rtgs.base-url");

    final String baseUrlSetting;

    Rail(String baseUrlSetting) {
      this.baseUrlSetting = baseUrlSetting;
    }
  }

  private static final Duration START = Duration.ofSeconds(240);
  /** A simulator needs little: a small heap, and no CPU spent on optimising compilers on a shared machine. */
  private static final List<String> JVM_OPTIONS = List.of("-Xmx192m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC");
  private static final Duration STOP = Duration.ofSeconds(30);
  private static final Duration HTTP_TIMEOUT = Duration.ofSeconds(10);

  private final Map<Rail, NodeProcess> processes = java.util.Collections.synchronizedMap(new EnumMap<>(Rail.class));
  private final Map<Rail, String> urls;
  private final String host;
  private final Path dataRoot;
  private final Duration completionDelay;
  private final Path logDir;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private RailSimulators(Map<Rail, String> urls, String host, Path dataRoot, Duration completionDelay, Path logDir) {
    this.urls = Map.copyOf(urls);
    this.host = host;
    this.dataRoot = dataRoot;
    this.completionDelay = completionDelay;
    this.logDir = logDir;
  }

  /**
   * Chooses their ports on {@code host} (free now), strike ledgers under {@code dataRoot}; transfers will stay pending
   * for {@code completionDelay}, so that there is always something in flight. Starts nothing: see {@link #start}.
   */
  static RailSimulators prepare(String host, Path dataRoot, Duration completionDelay, Path logDir) throws IOException {
    Map<Rail, String> urls = new EnumMap<>(Rail.class);
    for (Rail rail : Rail.values()) {
      try (ServerSocket probe = new ServerSocket(0)) {
        urls.put(rail, "http://" + host + ":" + probe.getLocalPort());
      }
    }
    return new RailSimulators(urls, host, dataRoot, completionDelay, logDir);
  }

  /** Starts all three at once and waits until each printed its banner. */
  void start() {
    Map<Rail, CompletableFuture<NodeProcess>> starting = new EnumMap<>(Rail.class);
    for (Rail rail : Rail.values()) {
      String port = urls.get(rail).substring(urls.get(rail).lastIndexOf(':') + 1);
      Path dataDir = dataRoot.resolve(rail.name());
      List<String> args = List.of("rail-sim", "--rail", rail.name(), "--host", host, "--port", port, "--data-dir", dataDir.toString());
      Map<String, String> props = Map.of("symphony.rails.simulator." + rail.name() + ".completion-delay", completionDelay.toMillis() + "ms");
      starting.put(rail, CompletableFuture.supplyAsync(() -> {
        try {
          return NodeProcess.launch("rail-sim-" + rail.name(), dataDir, List.of(), JVM_OPTIONS, props, args, Map.of(), logDir, START);
        } catch (IOException e) {
          throw new CompletionException(e);
        }
      }));
    }
    List<Throwable> failures = new ArrayList<>();
    starting.forEach((rail, f) -> {
      try {
        processes.put(rail, f.join());
      } catch (CompletionException e) {
        failures.add(e.getCause());
      }
    });
    if (!failures.isEmpty()) {
      close();
      AssertionError error = new AssertionError("rail simulators did not start: " + failures);
      failures.forEach(error::addSuppressed);
      throw error;
    }
  }

  /** The node settings that point every rail at these simulators. */
  Map<String, String> nodeSettings() {
    Map<String, String> settings = new java.util.LinkedHashMap<>();
    urls.forEach((rail, url) -> settings.put(rail.baseUrlSetting, url));
    return settings;
  }

  String url(Rail rail) {
    return urls.get(rail);
  }

  /** {@code GET /sim/strikes} of every rail: rail → {"rail", "references": {railKey: executions}, "total"}. */
  Map<Rail, JsonNode> strikes() throws IOException, InterruptedException {
    Map<Rail, JsonNode> all = new EnumMap<>(Rail.class);
    for (Rail rail : Rail.values()) {
      HttpResponse<String> r =
          http.send(
              HttpRequest.newBuilder(URI.create(urls.get(rail) + "/sim/strikes")).timeout(HTTP_TIMEOUT).GET().build(),
              HttpResponse.BodyHandlers.ofString());
      if (r.statusCode() != 200) throw new AssertionError("GET " + urls.get(rail) + "/sim/strikes: HTTP " + r.statusCode() + " " + r.body());
      all.put(rail, EdgeApi.JSON.readTree(r.body()));
    }
    return all;
  }

  @Override
  public void close() {
    List.copyOf(processes.values()).forEach(p -> p.stop(STOP));
  }
}
