package org.symphony.node.supervision;

import com.typesafe.config.Config;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.cluster.typed.ClusterSingleton;
import org.apache.pekko.cluster.typed.SingletonActor;
import org.apache.pekko.persistence.jdbc.query.javadsl.JdbcReadJournal;
import org.symphony.audit.incident.AuditIncident;
import org.symphony.audit.incident.AuditIncidents;
import org.symphony.audit.incident.IncidentFilter;
import org.symphony.audit.intervention.ApprovalResult;
import org.symphony.audit.intervention.Intervention;
import org.symphony.audit.intervention.InterventionDesk;
import org.symphony.audit.intervention.ProposalResult;
import org.symphony.audit.reconcile.CycleReport;
import org.symphony.audit.reconcile.ReconciliationCycle;
import org.symphony.audit.reconcile.ReconciliationListener;
import org.symphony.audit.reconcile.ReconciliationSettings;
import org.symphony.audit.reconcile.ReconciliationStore;
import org.symphony.audit.reconcile.ReconciliationWorker;
import org.symphony.audit.supervision.GapAnalysis;
import org.symphony.audit.supervision.GapReport;
import org.symphony.audit.supervision.GapWindow;
import org.symphony.audit.supervision.IncidentReport;
import org.symphony.audit.supervision.Overview;
import org.symphony.audit.supervision.SupervisorOverview;
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
  private final GapAnalysis gaps;
  private final SupervisorReads reads;
  private final Interventions interventions;
  private final ActorSystem<?> system;

  private NodeSupervision(
      ReactivePool pool, ActorRef<ReconciliationWorker.Command> worker, GapAnalysis gaps, SupervisorReads reads,
      Interventions interventions, ActorSystem<?> system) {
    this.pool = pool;
    this.worker = worker;
    this.gaps = gaps;
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
    ChainWatch chain = new ChainWatch(db.dataSource(), clock, blocking);
    chain.schedule(system, c.getDuration("chain-verify-first-after"), c.getDuration("chain-verify-interval"));
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

    SupervisorReads reads = new SupervisorReads() {
      @Override
      public CompletionStage<GapReport> gaps(GapWindow window) {
        return gaps.report(window);
      }

      @Override
      public CompletionStage<Overview> overview() {
        return overviews.get();
      }

      @Override
      public CompletionStage<List<AuditIncident>> incidents(IncidentFilter filter) {
        return blocking(() -> incidents.list(filter), blocking);
      }

      @Override
      public CompletionStage<Optional<IncidentReport>> report(String reference) {
        return blocking(() -> reports.build(reference), blocking);
      }
    };
    Interventions queue = new Interventions() {
      @Override
      public CompletionStage<List<Intervention>> open() {
        return blocking(() -> desk.open(AuditIncidents.MAX_LIST), blocking);
      }

      @Override
      public CompletionStage<ProposalResult> propose(String reference, String resolution, String reason, String evidence, String operator) {
        return blocking(() -> desk.propose(reference, resolution, reason, evidence, operator), blocking);
      }

      @Override
      public CompletionStage<ApprovalResult> approve(String reference, String operator, String reason) {
        return blocking(() -> desk.approve(reference, operator, reason), blocking);
      }

      @Override
      public CompletionStage<InterventionDesk.RejectionResult> reject(String reference, String operator, String reason) {
        return blocking(() -> desk.reject(reference, operator, reason), blocking);
      }
    };
    return new NodeSupervision(pool, worker, gaps, reads, queue, system);
  }

  public SupervisorReads reads() {
    return reads;
  }

  public Interventions interventions() {
    return interventions;
  }

  public GapAnalysis gaps() {
    return gaps;
  }

  /** Runs a reconciliation cycle now (on whichever node holds the worker) and answers with its report. */
  public CompletionStage<CycleReport> reconcileNow(Duration timeout) {
    return AskPattern.ask(worker, ReconciliationWorker.RunNow::new, timeout, system.scheduler());
  }

  @Override
  public void close() {
    pool.close();
  }

  private interface Blocking<T> {
    T get() throws Exception;
  }

  private static <T> CompletionStage<T> blocking(Blocking<T> work, Executor blocking) {
    return CompletableFuture.supplyAsync(() -> {
      try {
        return work.get();
      } catch (Exception e) {
        throw new CompletionException(e);
      }
    }, blocking);
  }
}
