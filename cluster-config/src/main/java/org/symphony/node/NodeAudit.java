package org.symphony.node;

import com.typesafe.config.Config;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CompletableFuture;
import javax.sql.DataSource;
import org.apache.pekko.Done;
import org.apache.pekko.actor.CoordinatedShutdown;
import org.apache.pekko.actor.typed.ActorSystem;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.symphony.audit.attest.AttestorSettings;
import org.symphony.audit.attest.ChainHead;
import org.symphony.audit.attest.IngressAttestor;
import org.symphony.audit.attest.OutcomeRecorder;
import org.symphony.audit.attest.OutcomeSettings;
import org.symphony.audit.attest.RefusalSettings;
import org.symphony.audit.attest.RefusalWindows;
import org.symphony.audit.checkpoint.CheckpointKeys;
import org.symphony.audit.checkpoint.CheckpointSettings;
import org.symphony.audit.checkpoint.CheckpointSink;
import org.symphony.audit.checkpoint.Checkpointer;
import org.symphony.audit.checkpoint.Checkpoints;
import org.symphony.audit.checkpoint.SignedHeadPublisher;
import org.symphony.audit.gap.GapGauge;
import org.symphony.audit.gap.GapQuery;
import org.symphony.audit.gap.GapSettings;
import org.symphony.audit.partition.PartitionManager;
import org.symphony.audit.partition.PartitionSettings;
import org.symphony.edge.attest.IngressLedger;

/**
 * The node's audit layer: the ingress attestor (one chain per node), the counts of unauthenticated refusals chained
 * per window, the outcome recorder, signed checkpoints of the chain head at the promised cadence (published outside
 * the database too: the head file, the log, a metric), weekly partitions kept ahead, and the gap query.
 */
public final class NodeAudit implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(NodeAudit.class);
  private static final Duration CHECKPOINT_TICK = Duration.ofSeconds(1);
  private static final Duration PARTITION_TICK = Duration.ofHours(1);

  private final String nodeId;
  private final IngressAttestor attestor;
  private final RefusalWindows refusals;
  private final Duration refusalsCloseBound;
  private final OutcomeRecorder outcomes;
  private final Checkpointer checkpointer;
  private final SignedHeadPublisher published;
  private final PartitionManager partitions;
  private final GapQuery gaps;
  private final GapGauge gapGauge;
  private final IngressLedger ledger;

  private NodeAudit(
      String nodeId,
      IngressAttestor attestor,
      RefusalWindows refusals,
      Duration refusalsCloseBound,
      OutcomeRecorder outcomes,
      Checkpointer checkpointer,
      SignedHeadPublisher published,
      PartitionManager partitions,
      GapQuery gaps,
      GapGauge gapGauge,
      Clock clock) {
    this.nodeId = nodeId;
    this.attestor = attestor;
    this.refusals = refusals;
    this.refusalsCloseBound = refusalsCloseBound;
    this.outcomes = outcomes;
    this.checkpointer = checkpointer;
    this.published = published;
    this.partitions = partitions;
    this.gaps = gaps;
    this.gapGauge = gapGauge;
    this.ledger = new AuditLedger(attestor, refusals, outcomes, clock);
  }

  /** @param owner the schema owner's pool: creating and detaching partitions is DDL, which the runtime role {@code db} may not do. */
  static NodeAudit start(DataSource db, DataSource owner, Config config, String nodeId, Clock clock) throws IOException {
    PartitionManager partitions = new PartitionManager(owner, PartitionSettings.fromConfig(config), clock);
    AttestorSettings attestorSettings = AttestorSettings.fromConfig(config);
    IngressAttestor attestor = IngressAttestor.start(db, attestorSettings, nodeId, clock, partitions);
    RefusalWindows refusals = new RefusalWindows(RefusalSettings.fromConfig(config), attestor::attestRefusals);
    // A commit of the last counts takes at most the writer's statement bound (commit timeout + 1 s).
    Duration refusalsCloseBound = attestorSettings.commitTimeout().plusSeconds(2);
    OutcomeRecorder outcomes = null;
    try {
      outcomes = OutcomeRecorder.start(db, OutcomeSettings.fromConfig(config));
      CheckpointSettings checkpointSettings = CheckpointSettings.fromConfig(config);
      CheckpointKeys keys = CheckpointKeys.loadOrGenerate(checkpointSettings.keyFile());
      SignedHeadPublisher published = SignedHeadPublisher.open(nodeId, checkpointSettings.headFile(), db);
      Checkpoints checkpoints = new Checkpoints(db);
      CheckpointSink storeThenPublish = cp -> {
        checkpoints.store(cp);
        published.publish(cp);
      };
      Checkpointer checkpointer = Checkpointer.start(nodeId, keys, checkpoints, storeThenPublish, checkpointSettings, clock);
      // Every committed row, in order: checkpoints fall exactly every N rows.
      attestor.onCommitted(rows -> rows.forEach(r -> checkpointer.onCommitted(r.nodeSeq(), r.hash())));
      ChainHead head = attestor.head();
      // Rows a crash left unsigned are this node's own; sign them now, unless the database lost rows the node had signed.
      if (head.nodeSeq() > 0 && !published.frozen()) {
        checkpointer.onCommitted(head.nodeSeq(), head.hash());
        checkpointer.signNow();
      }
      LOG.info("audit of node {}: chain at node_seq {}, checkpoints every {} rows or {}, signed with key {}", nodeId,
          head.nodeSeq(), checkpointSettings.everyRows(), checkpointSettings.every(), keys.keyId());
      GapSettings gapSettings = GapSettings.fromConfig(config);
      return new NodeAudit(
          nodeId, attestor, refusals, refusalsCloseBound, outcomes, checkpointer, published, partitions,
          new GapQuery(db, gapSettings, clock), new GapGauge(db, gapSettings, clock), clock);
    } catch (IOException | RuntimeException e) {
      if (outcomes != null) outcomes.close();
      attestor.close();
      throw e;
    }
  }

  /**
   * Signs the chain head once its oldest unsigned row waited T, keeps partitions ahead (both off the dispatcher), and
   * signs the head on coordinated shutdown, after the edge stopped taking requests: a cleanly stopped node leaves no
   * unsigned tail.
   */
  void scheduleMaintenance(ActorSystem<?> system) {
    var ec = system.dispatchers().lookup(org.apache.pekko.actor.typed.DispatcherSelector.fromConfig("symphony.blocking-dispatcher"));
    system.scheduler().scheduleWithFixedDelay(CHECKPOINT_TICK, CHECKPOINT_TICK, this::checkpointByTime, ec);
    system.scheduler().scheduleWithFixedDelay(PARTITION_TICK, PARTITION_TICK, partitions::maintain, ec);
    CoordinatedShutdown.get(system.classicSystem()).addTask(CoordinatedShutdown.PhaseBeforeActorSystemTerminate(), "sign-chain-head",
        () -> CompletableFuture.supplyAsync(() -> {
          signReportedHead();
          return Done.getInstance();
        }, ec));
    system.scheduler().scheduleWithFixedDelay(refusals.window(), refusals.window(), this::flushRefusals, ec);
  }

  /** Closes the current window of refusal counts: one chained row per source; complete once committed (or kept). */
  public CompletionStage<Void> flushRefusals() {
    return refusals.flush();
  }

  private void checkpointByTime() {
    try {
      checkpointer.maybeSignByTime();
    } catch (RuntimeException e) {
      LOG.warn("checkpoint of node {} failed; retried on the next tick: {}", nodeId, e.toString());
    }
  }

  /** Signs every row reported so far (the attestor may still be writing: its rows are reported in order). */
  private void signReportedHead() {
    try {
      checkpointer.signNow();
    } catch (RuntimeException e) {
      LOG.warn("checkpoint of node {} on shutdown failed: {}", nodeId, e.toString());
    }
  }

  /** After the attestor closed: signs its head, also rows a writer stopped by force did not report. */
  private void signFinalHead() {
    try {
      var head = attestor.head();
      if (head.nodeSeq() > 0) checkpointer.onCommitted(head.nodeSeq(), head.hash());
      checkpointer.signNow();
    } catch (RuntimeException e) {
      LOG.warn("final checkpoint of node {} failed: {}", nodeId, e.toString());
    }
  }

  /** The highest node_seq this node has signed and published (the signed-head gauge). */
  public long signedHeadSeq() {
    return published.signedSeq();
  }

  public String nodeId() {
    return nodeId;
  }

  public IngressLedger ledger() {
    return ledger;
  }

  public GapQuery gaps() {
    return gaps;
  }

  /** The gap count for the metric: from its watermark (GapGauge), not the whole chain every gap-interval. */
  public long gapCount() throws java.sql.SQLException {
    return gapGauge.count();
  }

  public IngressAttestor attestor() {
    return attestor;
  }

  @Override
  public void close() {
    refusals.close(refusalsCloseBound); // before the attestor: its last counts are chained
    outcomes.close();
    attestor.close();
    signFinalHead();
  }
}
