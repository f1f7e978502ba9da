package org.symphony.node.supervision;

import com.typesafe.config.Config;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.cluster.typed.ClusterSingleton;
import org.apache.pekko.cluster.typed.SingletonActor;
import org.apache.pekko.persistence.jdbc.query.javadsl.JdbcReadJournal;
import org.symphony.audit.incident.AuditIncidents;
import org.symphony.audit.intervention.InterventionDesk;
import org.symphony.audit.reconcile.CycleReport;
import org.symphony.audit.reconcile.ReconciliationCycle;
import org.symphony.audit.reconcile.ReconciliationListener;
import org.symphony.audit.reconcile.ReconciliationSettings;
import org.symphony.audit.reconcile.ReconciliationStore;
import org.symphony.audit.reconcile.ReconciliationWorker;
import org.symphony.audit.supervision.GapAnalysis;
import org.symphony.audit.supervision.Overview;
import org.symphony.audit.supervision.SupervisorOverview;
import org.symphony.audit.verify.VerifySettings;
import org.symphony.edge.admin.Interventions;
import org.symphony.edge.supervisor.SupervisorReads;
import org.symphony.persistence.ReactivePool;
import org.symphony.persistence.SymphonyDatabase;

/**
 * The node's supervision: the reconciliation worker (a cluster singleton), the gap analysis and dashboard reads
 * (R2DBC), incident reports, the chain watch and the four-eyes intervention desk. Blocking work runs on the
 * blocking dispatcher; the read side never holds the JDBC pool while it streams.
 */
public final class NodeSupervision implements AutoCloseable {

  private final ReactivePool pool;
  private final ActorRef<ReconciliationWorker.Command> worker;
  private final SupervisorReads reads;
  private final Interventions interventions;
  private final ActorSystem<?> system;

  private NodeSupervision(
      ReactivePool pool, ActorRef<ReconciliationWorker.Command> worker, SupervisorReads reads,
      Interventions interventions, ActorSystem<?> system) {
    this.pool = pool;
    this.worker = worker;
    this.reads = reads;
    this.interventions = interventions;
    this.system = system;
  }

  public static NodeSupervision start(
      ActorSystem<?> system, Config config, SymphonyDatabase db, String nodeId, JdbcReadJournal journal, Executor blocking,
      Clock clock, ReconciliationListener listener) {
    Config c = config.getConfig("symphony.audit.supervision");
    ReconciliationSettings settings = ReconciliationSettings.fromConfig(config);
    Duration askTimeout = config.getDuration("symphony.engine.ask-timeout");

    ReactivePool pool = ReactivePool.of(db.jdbcUrl(), db.user(), db.password(), c.getInt("reactive-pool-size"), c.getDuration("query-timeout"));
    // The chain is verified when a supervisor looks and the last verification is older than this, not on a timer:
    // a full verification reads every row, and nobody needs its answer while nobody is looking.
    ChainWatch chain = new ChainWatch(db.dataSource(), () -> VerifySettings.nodeOptions(config), clock, blocking);
    Duration maxAge = c.getDuration("chain-status-max-age");

    AuditIncidents incidents = new AuditIncidents(db.dataSource());
    var engine = new ShardedEngineLink(system, askTimeout);
    var voids = new JournalVoidFeed(journal, system);
    ActorRef<ReconciliationWorker.Command> worker = ClusterSingleton.get(system).init(
        SingletonActor.of(
            ReconciliationWorker.create(
                () -> new ReconciliationCycle(new ReconciliationStore(db.dataSource()), incidents, engine, voids, settings, listener,
                    clock, nodeId),
                settings, blocking),
            "reconciliation-worker"));

    GapAnalysis gaps = new GapAnalysis(pool.connections(), system, clock, settings.grace(), settings.zombieAfter());
    SupervisorOverview overview = new SupervisorOverview(gaps, pool.connections(), system, () -> chain.status(maxAge));
    // Dashboards poll every few seconds and each overview scans the chain's tables: share one answer a while.
    Memo<Overview> overviews = new Memo<>(c.getDuration("overview-reuse"), clock, overview::overview);
    IncidentReports reports = new IncidentReports(db.dataSource(), journal, system);
    InterventionDesk desk = new InterventionDesk(db.dataSource(), new ShardedInstructionResolver(system, askTimeout), listener, askTimeout);

    SupervisorReads reads = new NodeSupervisorReads(gaps, overviews, incidents, reports, blocking);
    Interventions queue = new NodeInterventions(desk, blocking);
    return new NodeSupervision(pool, worker, reads, queue, system);
  }

  public SupervisorReads reads() {
    return reads;
  }

  public Interventions interventions() {
    return interventions;
  }

  /** Runs a reconciliation cycle now (on whichever node holds the worker) and answers with its report. */
  public CompletionStage<CycleReport> reconcileNow(Duration timeout) {
    return AskPattern.ask(worker, ReconciliationWorker.RunNow::new, timeout, system.scheduler());
  }

  @Override
  public void close() {
    pool.close();
  }

}
