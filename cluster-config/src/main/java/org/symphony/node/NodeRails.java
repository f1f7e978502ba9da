package org.symphony.node;

import com.typesafe.config.Config;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.pekko.actor.typed.ActorSystem;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.symphony.edge.callbacks.CallbackSettings;
import org.symphony.edge.callbacks.RailCallbackRoutes;
import org.symphony.engine.rail.Rail;
import org.symphony.node.metrics.MeteredRail;
import org.symphony.rails.CircuitBreakingRail;
import org.symphony.rails.RoutedRailDirectory;
import org.symphony.rails.RoutingTable;
import org.symphony.engine.rail.RailSimulators;
import org.symphony.engine.rail.RailSimulators.Simulator;
import org.symphony.rails.StatusQueryBudget;
import org.symphony.rails.airtel.AirtelMoneyRail;
import org.symphony.rails.airtel.AirtelMoneySettings;
import org.symphony.rails.mtn.MtnMomoRail;
import org.symphony.rails.rtgs.RtgsRail;
import org.symphony.rails.rtgs.RtgsSettings;
import org.symphony.rails.mtn.MtnMomoSettings;

/**
 * The node's rails: in the sandbox each rail's simulator is started first and its adapter pointed at it;
 * otherwise the adapters use their configured URLs. Routing (configuration) then maps creditors to rails.
 */
final class NodeRails implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(NodeRails.class);
  private static final long START_TIMEOUT_SECONDS = 60;

  private final List<Rail> rails;
  private final List<CircuitBreakingRail> breakers;
  private final Map<String, Simulator> simulators;
  private final RoutedRailDirectory directory;

  private NodeRails(List<Rail> rails, List<CircuitBreakingRail> breakers, Map<String, Simulator> simulators, RoutedRailDirectory directory) {
    this.rails = List.copyOf(rails);
    this.breakers = List.copyOf(breakers);
    this.simulators = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(simulators)); // in start order
    this.directory = directory;
  }

  static NodeRails start(ActorSystem<?> system, Config config) throws Exception {
    boolean simulate = config.getBoolean("symphony.node.start-simulators");
    RailSimulators simulation = simulate ? simulatorsOfThisBuild() : null;
    List<Rail> rails = new ArrayList<>();
    Map<String, Simulator> simulators = new LinkedHashMap<>();
    List<CircuitBreakingRail> breakers = new ArrayList<>();
    try {
      MtnMomoSettings mtn = MtnMomoSettings.fromConfig(config);
      // With a known edge address, MTN (or its simulator) calls back there; otherwise polling alone.
      int edgePort = config.getInt("symphony.edge.port");
      if (mtn.callbackUrl().isEmpty() && edgePort != 0)
        mtn = mtn.withCallbackUrl(withSecret(
            "http://" + config.getString("symphony.edge.host") + ":" + edgePort + "/v1/callbacks/mtn-momo",
            CallbackSettings.fromConfig(config.getConfig("symphony.edge.callbacks")).secretOf(CallbackSettings.MTN)));
      if (simulate) {
        Simulator sim = await(simulation.start(MtnMomoRail.ID, system, withMtnCallbackHost(config, mtn.callbackUrl())));
        simulators.put(MtnMomoRail.ID, sim);
        mtn = mtn.withBaseUrl(sim.baseUrl());
      }
      rails.add(MtnMomoRail.create(system, mtn));

      AirtelMoneySettings airtel = AirtelMoneySettings.fromConfig(config);
      if (simulate) {
        Simulator sim = await(simulation.start(AirtelMoneyRail.ID, system, config));
        simulators.put(AirtelMoneyRail.ID, sim);
        airtel = airtel.withBaseUrl(sim.baseUrl());
      }
      rails.add(AirtelMoneyRail.create(system, airtel));

      RtgsSettings rtgs = RtgsSettings.fromConfig(config);
      if (simulate) {
        Simulator sim = await(simulation.start(RtgsRail.ID, system, config));
        simulators.put(RtgsRail.ID, sim);
        rtgs = rtgs.withBaseUrl(sim.baseUrl());
      }
      rails.add(RtgsRail.create(system, rtgs));
      // Engine-side protection per rail: a failing rail is spared, its instructions wait in RECOVERING.
      CircuitBreakingRail.Settings breaker = CircuitBreakingRail.Settings.fromConfig(config);
      // Metered inside the breaker: only calls that reach the adapter are counted and timed. The status budget
      // is outermost: a query it holds back never reaches the breaker or the rail.
      rails.replaceAll(rail -> new CircuitBreakingRail(system, new MeteredRail(rail), breaker));
      breakers.addAll(rails.stream().map(CircuitBreakingRail.class::cast).toList());
      rails.replaceAll(rail -> new StatusQueryBudget(system, rail, StatusQueryBudget.Settings.fromConfig(config, rail.id())));
    } catch (Exception | Error e) {
      simulators.values().forEach(Simulator::stop);
      throw e;
    }
    simulators.forEach((id, sim) -> LOG.info("{} simulator at {}", id, sim.baseUrl()));
    var routing = RoutingTable.fromConfig(config).onlyFor(
        rails.stream().map(Rail::id).collect(Collectors.toSet()),
        rule -> LOG.warn("routing rule {} names a rail this node does not run: those creditors are not connected", rule));
    return new NodeRails(rails, breakers, simulators, new RoutedRailDirectory(routing, rails));
  }

  /**
   * The MTN simulator checks X-Callback-Url's host against the one registered for the API user, as MTN does
   * (INVALID_CALLBACK_URL_HOST): in the sandbox that is the host of this node's own callback URL, unless configured.
   */
  private static Config withMtnCallbackHost(Config config, String callbackUrl) {
    String path = "symphony.rails.simulator.mtn.callback-host";
    if (callbackUrl.isEmpty() || (config.hasPath(path) && !config.getString(path).isEmpty())) return config;
    String host = java.net.URI.create(callbackUrl).getHost();
    return host == null ? config : config.withValue(path, com.typesafe.config.ConfigValueFactory.fromAnyRef(host));
  }

  /** The simulators the sandbox asks for: only the development jar carries them. */
  private static RailSimulators simulatorsOfThisBuild() {
    return RailSimulators.inThisBuild().orElseThrow(() -> new IllegalStateException(
        "symphony.node.start-simulators is on but this build carries no rail simulators (the production jar, "
            + "symphony-node.jar): run the development jar symphony.jar, or set start-simulators = off and point "
            + "symphony.rails.{mtn,airtel,rtgs}.base-url at the rails"));
  }

  /** Each rail's circuit breaker, for the circuit-state gauge. */
  List<CircuitBreakingRail> breakers() {
    return breakers;
  }

  RoutedRailDirectory directory() {
    return directory;
  }

  /** Base URL of the simulator of a rail, if this node runs it. */
  java.util.Optional<String> simulatorUrl(String railId) {
    return java.util.Optional.ofNullable(simulators.get(railId)).map(Simulator::baseUrl);
  }

  /**
   * Registers the edge as the callback URL of the Airtel and RTGS simulators (what a partner does in the
   * rail's portal). Fails start-up if a simulator refuses: a half-configured sandbox would mislead.
   */
  void registerCallbacks(String edgeUrl, CallbackSettings callbacks) throws Exception {
    var http = java.net.http.HttpClient.newBuilder().connectTimeout(java.time.Duration.ofSeconds(5)).build();
    Map<String, String> paths = Map.of(AirtelMoneyRail.ID, "/v1/callbacks/airtel-money", RtgsRail.ID, "/v1/callbacks/rtgs");
    for (var entry : paths.entrySet()) {
      Simulator sim = simulators.get(entry.getKey());
      if (sim == null) continue;
      String url = withSecret(edgeUrl + entry.getValue(), callbacks.secretOf(entry.getKey()));
      String body = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode().put("url", url).toString();
      var response = http.send(
          java.net.http.HttpRequest.newBuilder(java.net.URI.create(sim.baseUrl() + "/sim/admin/callback"))
              .timeout(java.time.Duration.ofSeconds(10))
              .header("Content-Type", "application/json")
              .POST(java.net.http.HttpRequest.BodyPublishers.ofString(body))
              .build(),
          java.net.http.HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() != 200)
        throw new IllegalStateException(entry.getKey() + " simulator refused its callback URL: " + response.body());
    }
  }

  /** The callback URL as registered at the rail: with the rail's secret, when one is configured. */
  static String withSecret(String url, String secret) {
    if (secret.isEmpty()) return url;
    return url + "?" + RailCallbackRoutes.SECRET_PARAMETER + "=" + java.net.URLEncoder.encode(secret, java.nio.charset.StandardCharsets.UTF_8);
  }

  Map<String, String> simulatorUrls() {
    Map<String, String> urls = new LinkedHashMap<>();
    simulators.forEach((id, sim) -> urls.put(id, sim.baseUrl()));
    return urls;
  }

  @Override
  public void close() {
    simulators.values().forEach(Simulator::stop);
  }

  private static <T> T await(CompletionStage<T> stage) throws Exception {
    return stage.toCompletableFuture().get(START_TIMEOUT_SECONDS, TimeUnit.SECONDS);
  }
}
