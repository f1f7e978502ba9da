package org.symphony.node;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.Done;
import org.apache.pekko.actor.CoordinatedShutdown;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.symphony.node.guardian.GuardedChild;
import org.symphony.node.guardian.NodeGuardian;
import org.symphony.node.guardian.NodeHealth;
import org.symphony.node.guardian.NodeParts;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.http.javadsl.ServerBinding;
import org.apache.pekko.management.javadsl.PekkoManagement;
import org.apache.pekko.persistence.jdbc.query.javadsl.JdbcReadJournal;
import org.apache.pekko.persistence.query.PersistenceQuery;
import org.apache.pekko.stream.javadsl.Source;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.symphony.audit.checkpoint.SignedHeadFile;
import org.symphony.audit.readmodel.ReadModelProjection;
import org.symphony.audit.verify.VerifySettings;
import org.symphony.audit.readmodel.ReadModelQueries;
import org.symphony.edge.EdgePorts;
import org.symphony.edge.EdgeRoutes;
import org.symphony.edge.EdgeServer;
import org.symphony.edge.EdgeSettings;
import org.symphony.edge.EdgeTokens;
import org.symphony.edge.callbacks.CallbackOutcomes;
import org.symphony.engine.instruction.InstructionCommand;
import org.symphony.engine.instruction.InstructionEntity;
import org.symphony.engine.instruction.InstructionSettings;
import org.symphony.engine.instruction.ShardedInstructionGateway;
import org.symphony.engine.participant.ParticipantDirectory;
import org.symphony.engine.participant.ParticipantEntity;
import org.symphony.engine.participant.ParticipantRecovery;
import org.symphony.engine.participant.ParticipantSettings;
import org.symphony.engine.policy.PolicySettings;
import org.symphony.engine.policy.PolicyVersions;
import org.symphony.node.metrics.CallbackMetrics;
import org.symphony.node.metrics.MeteredIngressLedger;
import org.symphony.node.metrics.MetricsSettings;
import org.symphony.node.metrics.NodeMetrics;
import org.symphony.node.metrics.ReconciliationMetrics;
import org.symphony.node.supervision.NodeSupervision;
import org.symphony.audit.reconcile.ReconciliationListener;
import org.symphony.persistence.ClientSecretKeyCheck;
import org.symphony.persistence.JournalEntities;
import org.symphony.persistence.ClientSecrets;
import org.symphony.persistence.ApiClients;
import org.symphony.persistence.DatabaseSettings;
import org.symphony.persistence.SymphonyDatabase;

/**
 * One Symphony node: PostgreSQL 18 (embedded unless SYMPHONY_DB_URL), migrations, a Pekko cluster
 * member with the instruction and participant shards, the rail simulators (sandbox), the rail adapters,
 * crash recovery, management and the HTTP edge. Start order follows dependencies; close reverses it.
 */
public final class SymphonyNode implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(SymphonyNode.class);
  private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

  private final SymphonyDatabase database;
  private final NodeAudit audit;
  private final ActorSystem<NodeGuardian.Command> system;
  private final NodeRails rails;
  private final NodeHealth health;
  private final String managementUrl;
  private final DevCredentials credentials;
  private final Path devJson;
  private final ReadModelQueries readModel;
  private final NodeMetrics metrics;
  private final NodeSupervision supervision;
  private boolean closed; // guarded by this

  private SymphonyNode(
      SymphonyDatabase database,
      NodeAudit audit,
      ActorSystem<NodeGuardian.Command> system,
      NodeRails rails,
      NodeHealth health,
      String managementUrl,
      DevCredentials credentials,
      Path devJson,
      ReadModelQueries readModel,
      NodeMetrics metrics,
      NodeSupervision supervision) {
    this.database = database;
    this.audit = audit;
    this.system = system;
    this.rails = rails;
    this.health = health;
    this.managementUrl = managementUrl;
    this.credentials = credentials;
    this.devJson = devJson;
    this.readModel = readModel;
    this.metrics = metrics;
    this.supervision = supervision;
  }

  public static SymphonyNode start(NodeOptions options) throws Exception {
    Path home = options.home();
    Path files = options.ephemeral() ? Files.createTempDirectory("symphony-ephemeral-") : home;
    Config config = nodeConfig(options, files);
    NodeSettingsCheck.verify(config); // ranges and cross-module relations, before anything starts

    SymphonyDatabase db =
        SymphonyDatabase.start(
            DatabaseSettings.fromConfig(config).withEphemeral(options.ephemeral()).withDataDir(files.resolve("pg")));
    ActorSystem<NodeGuardian.Command> system = null;
    NodeAudit audit = null;
    NodeSupervision supervisionRef = null;
    try {
      var migrated = db.migrate();
      LOG.info("database {} at schema version {} ({} migrations applied)", db.jdbcUrl(), migrated.toVersion(), migrated.applied());
      Clock clock = Clock.systemUTC();
      // No ingress without attestation: the attestor is up (partitions ahead, chain head read) before the edge.
      audit = NodeAudit.start(db.dataSource(), db.ownerDataSource(), config, NodeIdentity.resolve(config.getString("symphony.node.id"), files), clock);

      Config withDb =
          ConfigFactory.parseMap(
                  Map.of(
                      "pekko-persistence-jdbc.shared-databases.symphony.db.url", db.jdbcUrl(),
                      "pekko-persistence-jdbc.shared-databases.symphony.db.user", db.user(),
                      "pekko-persistence-jdbc.shared-databases.symphony.db.password", db.password()))
              .withFallback(config)
              .resolve();
      String systemName = withDb.getString("symphony.node.system-name");
      // The root guardian: the node's long-lived parts are its children (see guardian.NodeParts for the hierarchy).
      system = ActorSystem.create(NodeGuardian.create(SymphonyNode::stopUnsafe), systemName, withDb);
      final ActorSystem<NodeGuardian.Command> sys = system;
      NodeHealth health = new NodeHealth();
      NodeResources.register(systemName, health);
      NodeParts parts = new NodeParts(withDb.getConfig("symphony.node.guardian"));
      // JDBC and other blocking calls of the node's components, never on the actors' threads.
      var blocking = system.dispatchers().lookup(DispatcherSelector.fromConfig("symphony.blocking-dispatcher"));
      spawn(system, parts.database(db, health, blocking, clock));
      spawn(system, parts.attestation(audit.attestor(), health));
      var backups = parts.backups(db, config, files.resolve("pg"), options.ephemeral(), blocking, clock);
      if (backups.isPresent()) spawn(system, backups.get());

      ClusterJoin.start(system, withDb); // symphony.node.join: self, seed-nodes or bootstrap (the profile's)

      NodeRails nodeRails = NodeRails.start(system, withDb);
      var rails = nodeRails.directory();

      ClusterSharding sharding = ClusterSharding.get(system);
      ParticipantDirectory participants = ParticipantDirectory.sharded(system);
      // Participants announce their policy version here; every node reads it to refuse stale tokens.
      PolicyVersions policyVersions =
          PolicyVersions.start(system, PolicySettings.fromConfig(withDb.getConfig("symphony.engine.policy")));
      ParticipantEntity.init(
          system,
          ParticipantSettings.fromConfig(withDb.getConfig("symphony.engine.participant")),
          clock,
          (participantId, instructionId) ->
              sharding.entityRefFor(InstructionEntity.ENTITY_KEY, instructionId).tell(new InstructionCommand.Wake(participantId)),
          policyVersions);
      InstructionEntity.init(
          system,
          rails,
          participants,
          InstructionSettings.fromConfig(withDb.getConfig("symphony.engine.instruction")),
          clock,
          new AuditIncidentLog(new org.symphony.audit.incident.AuditIncidents(db.dataSource()), audit.nodeId(), blocking));

      // The read model (status, rail-key index, ledger) follows the journal.
      ReadModelProjection.init(system, db.dataSource(), org.symphony.node.metrics.Instruments::projected);
      ReadModelQueries readModel =
          new ReadModelQueries(db.dataSource(), blocking);

      // Crash recovery: every participant in the journal wakes, and wakes its open instructions. The participants are
      // found by an index probe each, not by the read journal's currentPersistenceIds() (a scan of the whole journal).
      JdbcReadJournal journal =
          PersistenceQuery.get(system.classicSystem()).getReadJournalFor(JdbcReadJournal.class, JdbcReadJournal.Identifier());
      var journalParticipants = Source.completionStage(CompletableFuture.supplyAsync(
              () -> JournalEntities.persistenceIds(db.dataSource(), ParticipantRecovery.PREFIX), blocking))
          .mapConcat(ids -> ids);
      ParticipantRecovery.wakeAll(
              system, journalParticipants, participants, withDb.getInt("symphony.engine.recovery.participants-per-second"))
          .whenComplete((done, e) -> {
            if (e != null) LOG.error("crash recovery could not list participants", e);
          });

      // Supervision: the reconciliation worker (cluster singleton), the gap analysis, incidents, interventions.
      MetricsSettings metricsSettings = MetricsSettings.fromConfig(withDb);
      NodeSupervision supervision = NodeSupervision.start(
          system, withDb, db, audit.nodeId(), journal, blocking, clock,
          metricsSettings.enabled() ? new ReconciliationMetrics() : ReconciliationListener.NONE);
      supervisionRef = supervision;

      var managementUri = await(PekkoManagement.get(system.classicSystem()).start());

      ClientSecrets clientSecrets = ClientSecretKey.load(withDb.getString("symphony.node.client-secret-key"), home);
      ClientSecretKeyCheck.verifyOrRecord(db.dataSource(), clientSecrets); // one key for the whole cluster
      ApiClients clients = new ApiClients(db.dataSource(), clientSecrets);
      Path devJson = home.resolve("dev.json");
      DevCredentials credentials =
          DevCredentials.loadOrGenerate(DevCredentials.readPrevious(devJson), withDb.getStringList("symphony.node.dev-participants"));
      boolean devMode = withDb.getBoolean("symphony.node.dev-credentials");
      if (devMode) credentials.register(clients);

      EdgeSettings edgeSettings = EdgeSettings.fromConfig(withDb);
      EdgeTokens tokens = EdgeTokens.load(edgeSettings, clock);
      // Revoked clients' token versions: the database is the truth, replicated for every request's check.
      ClientTokenVersions tokenVersions =
          new ClientTokenVersions(
              system,
              withDb.getInt("symphony.node.token-versions.max-clients"),
              withDb.getDuration("symphony.node.token-versions.write-timeout"));
      clients.raisedTokenVersions().forEach(tokenVersions::publish);
      var route =
          EdgeRoutes.create(
              edgeSettings,
              new EdgePorts(
                  new ShardedInstructionGateway(system, withDb.getDuration("symphony.engine.ask-timeout")),
                  new ApiClientVerifier(
                      clients, system.dispatchers().lookup(DispatcherSelector.fromConfig("symphony.node.token-dispatcher"))),
                  tokens.issuer(),
                  tokens.verifier(),
                  metricsSettings.enabled() ? new MeteredIngressLedger(audit.ledger()) : audit.ledger(),
                  options.blackhole(),
                  new NodeAuditQueries(db.dataSource(), () -> VerifySettings.nodeOptions(withDb), audit.gaps(), blocking),
                  new NodeParticipantAdmin(system, clients, journal, blocking, withDb.getDuration("symphony.engine.ask-timeout")),
                  new NodeLedgerReads(sys, readModel),
                  new ReadModelRailKeys(readModel),
                  id -> policyVersions.currentVersion(id).orElse(org.symphony.edge.auth.CurrentPolicyVersions.INITIAL),
                  tokenVersions,
                  new NodeClientAdmin(clients, tokenVersions, blocking),
                  supervision.reads(),
                  supervision.interventions(),
                  () -> supervision.reconcileNow(withDb.getDuration("symphony.audit.reconciliation.on-demand-timeout")),
                  new NodeClusterAdmin(system),
                  clock),
              metricsSettings.enabled() ? new CallbackMetrics() : CallbackOutcomes.NONE);
      var firstBound = new java.util.concurrent.CompletableFuture<ServerBinding>();
      spawn(system, parts.edge(() -> EdgeServer.start(sys, edgeSettings, route), health, firstBound));
      ServerBinding binding =
          firstBound.get(withDb.getDuration("symphony.node.guardian.edge-bind-timeout").toMillis(), TimeUnit.MILLISECONDS);
      if (withDb.getBoolean("symphony.node.simulator-callbacks"))
        nodeRails.registerCallbacks(
            "http://" + binding.localAddress().getHostString() + ":" + binding.localAddress().getPort(), edgeSettings.callbacks());

      audit.scheduleMaintenance(system);
      NodeMetrics metrics =
          metricsSettings.enabled()
              ? NodeMetrics.start(system, withDb, metricsSettings, audit.attestor(), audit::signedHeadSeq, audit::gapCount,
                  nodeRails.breakers(), blocking)
              : null;
      SymphonyNode node =
          new SymphonyNode(
              db, audit, system, nodeRails, health, managementUri.toString(), devMode ? credentials : null, devJson, readModel,
              metrics, supervision);
      if (devMode) {
        DevJson.write(
            devJson,
            node.edgeUrl(),
            node.managementUrl,
            nodeRails.simulatorUrls(),
            db.jdbcUrl(),
            db.user(),
            db.password(),
            credentials,
            withDb.getDuration("symphony.audit.gap.grace"),
            withDb.getDuration("symphony.audit.reconciliation.zombie-after"));
      }
      // Close the rail clients' connection pools in order; torn down by termination they log spurious errors.
      CoordinatedShutdown.get(sys.classicSystem())
          .addTask(CoordinatedShutdown.PhaseServiceStop(), "close-rail-connections",
              () -> org.apache.pekko.http.javadsl.Http.get(sys).shutdownAllConnectionPools()
                  .thenApply(ignored -> Done.getInstance()));
      CoordinatedShutdown.get(sys.classicSystem())
          .addTask(CoordinatedShutdown.PhaseBeforeActorSystemTerminate(), "stop-simulators", () -> {
            node.rails.close();
            return java.util.concurrent.CompletableFuture.completedFuture(Done.getInstance());
          });
      LOG.info("Symphony node up: edge {}, management {}", node.edgeUrl(), node.managementUrl);
      return node;
    } catch (Exception | Error e) {
      if (system != null) {
        system.terminate();
        system.getWhenTerminated().toCompletableFuture().get(30, TimeUnit.SECONDS);
      }
      if (supervisionRef != null) supervisionRef.close();
      if (audit != null) audit.close();
      db.close();
      throw e;
    }
  }

  /** application.conf + reference.conf files, with the options' overrides, the profile and the node's file layout. */
  static Config nodeConfig(NodeOptions options, Path files) {
    Map<String, Object> layout = new HashMap<>();
    layout.put("symphony.rails.simulator.mtn.data-dir", files.resolve("rail-sim").resolve("mtn-momo").toString());
    layout.put("symphony.rails.simulator.airtel.data-dir", files.resolve("rail-sim").resolve("airtel-money").toString());
    layout.put("symphony.rails.simulator.rtgs.data-dir", files.resolve("rail-sim").resolve("rtgs").toString());
    layout.put("symphony.edge.token.key-file", files.resolve("keys").resolve("jwt-es256.jwk").toString());
    layout.put("symphony.audit.checkpoints.key-file", files.resolve("keys").resolve(org.symphony.audit.checkpoint.CheckpointKeys.DEFAULT_FILE_NAME).toString());
    layout.put("symphony.audit.checkpoints.head-file", files.resolve(SignedHeadFile.DEFAULT_NAME).toString());
    Config overrides = ConfigFactory.parseMap(options.overrides());
    // Precedence: the caller's overrides, -D system properties, the profile, application.conf (with its ${?ENV}),
    // then the home's file layout as the default for the files' places.
    return overrides
        .withFallback(ConfigFactory.defaultOverrides())
        .withFallback(Profiles.overlay(options.profile()))
        .withFallback(ConfigFactory.defaultApplication())
        .withFallback(ConfigFactory.parseMap(layout))
        .withFallback(ConfigFactory.defaultReference())
        .resolve();
  }

  /** Starts one of the guardian's children and waits until it exists. */
  private static void spawn(ActorSystem<NodeGuardian.Command> system, GuardedChild child) throws Exception {
    await(AskPattern.<NodeGuardian.Command, ActorRef<?>>ask(
        system, replyTo -> new NodeGuardian.Spawn(child, replyTo), START_TIMEOUT, system.scheduler()));
  }

  /** A child whose failure makes continuing unsafe has failed: coordinated shutdown, with that reason. */
  private static void stopUnsafe(ActorSystem<?> system, String reason) {
    CoordinatedShutdown.get(system).run(new UnsafeToContinue(reason));
  }

  /** Why the node stopped by itself (see {@link #stopUnsafe}); {@code symphony run} then exits non-zero. */
  public record UnsafeToContinue(String why) implements CoordinatedShutdown.Reason {}

  /** Why coordinated shutdown ran, once it has: SIGTERM, close(), being downed, or an unsafe failure. */
  public Optional<CoordinatedShutdown.Reason> stopReason() {
    return CoordinatedShutdown.get(system).getShutdownReason();
  }

  /**
   * 0 when the node was stopped on purpose (SIGTERM, {@link #close()}, an operator's leave); 1 when it stopped by itself
   * (downed by the split-brain resolver, an unsafe failure): a supervisor (systemd, Kubernetes) should start it again.
   */
  public int exitCode() {
    return stopReason().map(reason ->
        reason == CoordinatedShutdown.jvmExitReason()
            || reason == CoordinatedShutdown.actorSystemTerminateReason()
            || reason == CoordinatedShutdown.clusterLeavingReason() ? 0 : 1).orElse(0);
  }

  private static <T> T await(java.util.concurrent.CompletionStage<T> stage) throws Exception {
    return stage.toCompletableFuture().get(START_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
  }

  /** Where the edge listens now: its latest binding's address (the start waited for the first). */
  public String edgeUrl() {
    var a = health.edgeAddress().orElseThrow(() -> new IllegalStateException("the edge was never bound"));
    return "http://" + a.getHostString() + ":" + a.getPort();
  }

  public String managementUrl() {
    return managementUrl;
  }

  /** The Prometheus scrape URL, if metrics are on (symphony.metrics.enabled). */
  public Optional<String> metricsUrl() {
    return Optional.ofNullable(metrics).map(NodeMetrics::url);
  }

  public Optional<String> mtnSimulatorUrl() {
    return rails.simulatorUrl("mtn-momo");
  }

  /** Base URL of a rail's simulator ("mtn-momo", "airtel-money", "rtgs"), if this node runs it. */
  public Optional<String> simulatorUrl(String railId) {
    return rails.simulatorUrl(railId);
  }

  public java.util.Map<String, String> simulatorUrls() {
    return rails.simulatorUrls();
  }

  /** The seeded development credentials; fails on a node started without them (symphony.node.dev-credentials = off). */
  public DevCredentials credentials() {
    if (credentials == null) throw new IllegalStateException("this node was started without dev credentials");
    return credentials;
  }

  public boolean hasDevCredentials() {
    return credentials != null;
  }

  public Path devJson() {
    return devJson;
  }

  public NodeAudit audit() {
    return audit;
  }

  public SymphonyDatabase database() {
    return database;
  }

  /** The instruction read model (status, rail-key index, ledger) as the projection wrote it. */
  public ReadModelQueries readModel() {
    return readModel;
  }

  /** Empties the read model and replays the journal into it (see ReadModelProjection#rebuild). */
  public java.util.concurrent.CompletionStage<Done> rebuildReadModel() {
    return ReadModelProjection.rebuild(system, readModel);
  }

  /** The reconciliation worker, gap analysis, incidents and interventions. */
  public NodeSupervision supervision() {
    return supervision;
  }

  public ActorSystem<?> system() {
    return system;
  }

  /** Graceful stop: edge unbinds first (coordinated shutdown), then the cluster, simulators and database. */
  @Override
  public synchronized void close() throws Exception {
    // The shutdown hook and `run` may both close it; the second waits for the first (synchronized) and returns.
    if (closed) return;
    closed = true;
    try {
      if (metrics != null) metrics.close();
      system.terminate();
      system.getWhenTerminated().toCompletableFuture().get(60, TimeUnit.SECONDS);
    } finally {
      NodeResources.unregister(system.name());
      supervision.close();
      rails.close();
      audit.close(); // after the edge stopped: nothing is attested any more, the head is signed
      database.close();
    }
  }
}
