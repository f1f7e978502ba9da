package org.symphony.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The three rail simulators in one process of their own ({@code symphony.jar rail-sim --rail all}), outside the
 * node, as a real rail is: the node's CPU is then the node's alone, and the rails survive the node's SIGKILL.
 */
final class RailSims implements AutoCloseable {

  static final String MTN = "mtn-momo", AIRTEL = "airtel-money", RTGS = "rtgs";
  private static final Pattern LISTENING = Pattern.compile("(?m)^(\\S+) simulator listening on (http://\\S+) ");
  /** Where the node takes each rail's callbacks (MTN's is sent per transfer by the node itself, X-Callback-Url). */
  private static final Map<String, String> CALLBACK_PATHS = Map.of(AIRTEL, "/v1/callbacks/airtel-money", RTGS, "/v1/callbacks/rtgs");
  private static final Duration HTTP_TIMEOUT = Duration.ofSeconds(10);

  private final Process process;
  private final Map<String, String> urls;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(HTTP_TIMEOUT).build();

  private RailSims(Process process, Map<String, String> urls) {
    this.process = process;
    this.urls = Map.copyOf(urls);
  }

  /**
   * Starts them on free ports, strike ledgers under dataDir; jvmOptions carry the simulator settings
   * ({@code -Dsymphony.rails.simulator.<rail>.*}). The process stops when this JVM goes (--exit-with-parent: we
   * hold its stdin open).
   */
  static RailSims start(Path jar, Path dataDir, Path log, List<String> jvmOptions, Duration timeout) throws Exception {
    List<String> command = JarProcess.java(jvmOptions);
    command.addAll(List.of("-jar", jar.toString(), "rail-sim", "--rail", "all", "--mtn-port", "0", "--airtel-port", "0", "--rtgs-port", "0",
        "--data-dir", dataDir.toString(), "--exit-with-parent"));
    Process process = JarProcess.start(command, log);
    Map<String, String> urls = JarProcess.awaitUp(process, log, "rail-sim", timeout, output -> {
      Map<String, String> found = urls(output);
      return found.keySet().containsAll(List.of(MTN, AIRTEL, RTGS)) ? Optional.of(found) : Optional.empty();
    });
    return new RailSims(process, urls);
  }

  /** Each simulator's base URL by rail id, from the lines rail-sim prints. */
  static Map<String, String> urls(String output) {
    Map<String, String> urls = new LinkedHashMap<>();
    Matcher m = LISTENING.matcher(output);
    while (m.find()) urls.put(m.group(1), m.group(2));
    return urls;
  }

  String url(String rail) {
    return urls.get(rail);
  }

  long pid() {
    return process.pid();
  }

  /** The node's settings that point its rail adapters here (and keep its own simulators off). */
  List<String> nodeOptions() {
    return List.of("-Dsymphony.node.start-simulators=false",
        "-Dsymphony.rails.mtn.base-url=" + url(MTN),
        "-Dsymphony.rails.airtel.base-url=" + url(AIRTEL),
        "-Dsymphony.rails.rtgs.base-url=" + url(RTGS));
  }

  /** What the node does for its own simulators at start-up (NodeRails.registerCallbacks; callback secrets are "" in dev). */
  void registerCallbacks(String edgeUrl) throws Exception {
    for (var e : CALLBACK_PATHS.entrySet()) {
      String body = "{\"url\":\"" + edgeUrl + e.getValue() + "\"}";
      var response = http.send(HttpRequest.newBuilder(URI.create(url(e.getKey()) + "/sim/admin/callback")).timeout(HTTP_TIMEOUT)
          .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() != 200) throw new IllegalStateException(e.getKey() + " simulator refused its callback URL: " + response.body());
    }
  }

  @Override
  public void close() throws InterruptedException {
    if (!process.isAlive()) return;
    process.destroy(); // SIGTERM: the simulators flush their ledgers
    if (!process.waitFor(30, TimeUnit.SECONDS)) process.destroyForcibly();
  }
}
