package org.symphony.audit.attest;

import com.typesafe.config.ConfigFactory;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.symphony.audit.attest.AttestationUnavailable.Reason;
import org.symphony.audit.chain.AttestationRow;
import org.symphony.audit.incident.AuditIncidents;
import org.symphony.audit.incident.IncidentKind;
import org.symphony.audit.partition.PartitionManager;
import org.symphony.audit.partition.PartitionSettings;

/**
 * The node's ingress attestor: one writer thread that takes concurrent requests from a bounded queue in batches
 * (bounded size and linger), gives each a UUIDv7 and the next node_seq, chains them, inserts the batch as one
 * statement (one commit) and only then completes each caller's stage. Many requests share a commit, each still
 * waits for its own.
 *
 * <p>Fail closed: a full queue fails at once; a request not committed within the commit timeout fails with
 * {@link AttestationUnavailable}; a failed batch fails all its requests and the chain head stays at the last
 * committed row, so the chain never gets a hole or a fork. The next batch reconnects by itself. {@link #attest}
 * never blocks; {@link #start} and {@link #close} do (database work), so call them off the Pekko dispatchers.
 *
 * <p>Callers' continuations run on a completer thread, never on the writer: keep them short (a Pekko
 * pipeToSelf or an HTTP completion is fine).
 */
public final class IngressAttestor implements Attestor, AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(IngressAttestor.class);
  private static final Duration IDLE_WAIT = Duration.ofMillis(50);
  private static final int MAX_NODE_ID_CHARS = 128;

  private record Pending(IngressRecord record, CompletableFuture<Attested> promise) {}

  private final String nodeId;
  private final AttestorSettings settings;
  private final BatchQueue<Pending> queue;
  private final BatchQueue<Pending> refusals; // rows counting unauthenticated refusals: never in the queue above
  private final ChainWriter chain;
  private final MonotonicUuidV7 ids;
  private final AuditIncidents incidents;
  private final ScheduledThreadPoolExecutor deadlines;
  private final ThreadPoolExecutor completer;
  private final Thread writer;
  private final AtomicBoolean closed = new AtomicBoolean();
  private final AttestationUnavailable closedFailure;
  private final AttestationUnavailable queueFullFailure;
  private final AttestationUnavailable refusalQueueFullFailure;
  private final AttestationUnavailable timedOutFailure;
  private volatile ChainHead head;
  private volatile boolean healthy = true;
  private boolean clockIncidentOpen; // writer thread only: one incident per episode, not per request
  private volatile AttestorMetrics metrics = AttestorMetrics.NONE;
  private volatile CommittedRowsListener rowsListener = CommittedRowsListener.NONE;

  private final LongAdder committedBatches = new LongAdder();
  private final LongAdder committedRows = new LongAdder();
  private final LongAdder failedBatches = new LongAdder();
  private final LongAdder refusedQueueFull = new LongAdder();
  private final LongAdder timedOut = new LongAdder();
  private final LongAdder refusedClockBackwards = new LongAdder();
  private final LongAdder lateCommits = new LongAdder();

  private IngressAttestor(String nodeId, AttestorSettings settings, ChainWriter chain, ChainHead head,
                         MonotonicUuidV7 ids, AuditIncidents incidents) {
    this.nodeId = nodeId;
    this.settings = settings;
    this.chain = chain;
    this.head = head;
    this.ids = ids;
    this.incidents = incidents;
    this.queue = new BatchQueue<>(settings.queueCapacity());
    this.refusals = new BatchQueue<>(settings.refusalQueueCapacity());
    this.closedFailure = new AttestationUnavailable(Reason.CLOSED, "attestor of node " + nodeId + " is closed");
    this.queueFullFailure = new AttestationUnavailable(Reason.QUEUE_FULL,
        "attestation queue of node " + nodeId + " is full (" + settings.queueCapacity() + ")");
    this.refusalQueueFullFailure = new AttestationUnavailable(Reason.QUEUE_FULL,
        "refusal count queue of node " + nodeId + " is full (" + settings.refusalQueueCapacity() + ")");
    this.timedOutFailure = new AttestationUnavailable(Reason.TIMED_OUT,
        "attestation not committed within " + settings.commitTimeout().toMillis() + " ms");
    this.deadlines = new ScheduledThreadPoolExecutor(1, daemon("attestor-deadlines-" + nodeId));
    deadlines.setRemoveOnCancelPolicy(true);
    // Bounded; if it ever fills, the completing thread runs the continuation itself rather than losing it.
    this.completer = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS,
        new ArrayBlockingQueue<>(settings.queueCapacity() + settings.refusalQueueCapacity() + settings.maxBatch()),
        daemon("attestor-completer-" + nodeId), (task, executor) -> task.run());
    this.writer = new Thread(this::runWriter, "attestor-writer-" + nodeId);
    writer.setDaemon(true); // a forgotten close() must not keep the JVM alive; a commit is atomic either way
  }

  /**
   * Ensures the partitions ahead (with the reference config's partition settings), takes the node's chain and
   * reads its head, so that a restarted node continues its chain. Blocking.
   *
   * @throws AttestationUnavailable the database is unreachable, or another live process holds this node's chain
   */
  public static IngressAttestor start(DataSource dataSource, AttestorSettings settings, String nodeId, Clock clock) {
    PartitionSettings partitionSettings = PartitionSettings.fromConfig(ConfigFactory.defaultReference());
    return start(dataSource, settings, nodeId, clock, new PartitionManager(dataSource, partitionSettings, clock));
  }

  /** As {@link #start(DataSource, AttestorSettings, String, Clock)}, with the node's partition manager. */
  public static IngressAttestor start(DataSource dataSource, AttestorSettings settings, String nodeId, Clock clock,
                                      PartitionManager partitions) {
    Objects.requireNonNull(dataSource, "dataSource");
    Objects.requireNonNull(settings, "settings");
    Objects.requireNonNull(clock, "clock");
    Objects.requireNonNull(partitions, "partitions");
    if (nodeId == null || nodeId.isBlank() || nodeId.length() > MAX_NODE_ID_CHARS)
      throw new IllegalArgumentException("nodeId must be 1.." + MAX_NODE_ID_CHARS + " characters: " + nodeId);
    try {
      partitions.ensureAhead();
    } catch (SQLException e) {
      throw new AttestationUnavailable(Reason.DATABASE_UNAVAILABLE, "cannot create ingress_attestation partitions", e);
    }
    ChainWriter chain = new ChainWriter(dataSource, nodeId, settings.commitTimeout(), clock);
    ChainHead head = chain.ensureReady();
    MonotonicUuidV7 ids = new MonotonicUuidV7(clock, settings.clockBackwardsTolerance());
    head.attestationId().ifPresent(ids::resumeAfter);
    IngressAttestor attestor = new IngressAttestor(nodeId, settings, chain, head, ids, new AuditIncidents(dataSource));
    attestor.writer.start();
    LOG.info("Attestor of node {} started at node_seq {}", nodeId, head.nodeSeq());
    return attestor;
  }

  @Override
  public CompletionStage<Attested> attest(IngressRecord record) {
    Objects.requireNonNull(record, "record");
    if (record.refusals() != null) throw new IllegalArgumentException("refusal counts go through attestRefusals");
    return enqueue(record, queue, queueFullFailure, true);
  }

  /**
   * Chains a row that counts unauthenticated refusals. It waits in a lane of its own, bounded by
   * refusal-queue-capacity, so that it never takes a slot of the queue that {@link #attest} uses. No caller waits
   * on it, so it has no commit deadline: its stage fails only when its batch does, and then nothing was written
   * (a deadline could fail a row that commits later, and its count would then be written twice).
   */
  public CompletionStage<Attested> attestRefusals(IngressRecord record) {
    Objects.requireNonNull(record, "record");
    if (record.refusals() == null) throw new IllegalArgumentException("not a refusal count: " + record.requestId());
    return enqueue(record, refusals, refusalQueueFullFailure, false);
  }

  private CompletionStage<Attested> enqueue(
      IngressRecord record, BatchQueue<Pending> lane, AttestationUnavailable full, boolean withDeadline) {
    CompletableFuture<Attested> promise = new CompletableFuture<>();
    // whenCompleteAsync always hops, also for failures: callers' code never runs on the writer or the timer.
    CompletableFuture<Attested> visible = promise.whenCompleteAsync((attested, failure) -> {}, completer);
    if (closed.get()) {
      promise.completeExceptionally(closedFailure);
    } else if (!lane.offer(new Pending(record, promise))) {
      refusedQueueFull.increment();
      promise.completeExceptionally(full);
    } else if (withDeadline) {
      try {
        ScheduledFuture<?> deadline = deadlines.schedule(() -> {
          if (promise.completeExceptionally(timedOutFailure)) timedOut.increment();
        }, settings.commitTimeout().toNanos(), TimeUnit.NANOSECONDS);
        promise.whenComplete((attested, failure) -> deadline.cancel(false));
      } catch (RejectedExecutionException e) { // closed meanwhile
        promise.completeExceptionally(closedFailure);
      }
    }
    return visible;
  }

  public String nodeId() {
    return nodeId;
  }

  /** The last committed row of this node's chain (for checkpoints); unchanged by failed batches. */
  public ChainHead head() {
    return head;
  }

  /**
   * False once the writer thread has died while the attestor is open: nothing can be attested any more, and only a
   * restart of the node brings the writer back (for the node guardian).
   */
  public boolean writerRunning() {
    return writer.isAlive() || closed.get();
  }

  /** False after a batch failed (database or clock), true again after the next commit (for readiness). */
  public boolean isHealthy() {
    return healthy && !closed.get();
  }

  /** Hands each committed batch's rows to the listener from now on; set it before the first request to see every row. */
  public void onCommitted(CommittedRowsListener listener) {
    this.rowsListener = java.util.Objects.requireNonNull(listener, "listener");
  }

  /** Reports each committed batch to the given metrics from now on. */
  public void reportTo(AttestorMetrics metrics) {
    this.metrics = java.util.Objects.requireNonNull(metrics, "metrics");
  }

  public AttestorStats stats() {
    return new AttestorStats(committedBatches.sum(), committedRows.sum(), failedBatches.sum(), refusedQueueFull.sum(),
        timedOut.sum(), refusedClockBackwards.sum(), lateCommits.sum(), queue.size() + refusals.size());
  }

  /** Stops taking requests, writes what is queued (bounded by the commit timeout), fails the rest. Blocking. */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) return;
    Duration bound = settings.commitTimeout().plus(settings.clockBackwardsTolerance()).plusSeconds(2);
    try {
      writer.join(bound.toMillis());
      if (writer.isAlive()) {
        LOG.warn("Attestor writer of node {} still busy after {}; interrupting it", nodeId, bound);
        writer.interrupt();
        writer.join(Duration.ofSeconds(2).toMillis());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    deadlines.shutdown(); // already scheduled deadlines still fire
    for (Pending p : queue.drainAll()) p.promise().completeExceptionally(closedFailure);
    for (Pending p : refusals.drainAll()) p.promise().completeExceptionally(closedFailure);
    if (writer.isAlive()) {
      LOG.error("Attestor writer of node {} did not stop; its connection is left to the pool's timeouts", nodeId);
    } else {
      chain.close();
    }
    completer.shutdown();
    LOG.info("Attestor of node {} closed at node_seq {}", nodeId, head.nodeSeq());
  }

  private void runWriter() {
    try {
      while (true) {
        List<Pending> batch = withRefusals(queue.nextBatch(settings.maxBatch(), settings.linger(), IDLE_WAIT));
        if (batch.isEmpty()) {
          if (closed.get()) return;
          continue;
        }
        try {
          write(batch);
        } catch (RuntimeException e) { // a bug must not leave callers waiting or the writer dead
          LOG.error("Attestor writer of node {} failed on a batch of {}", nodeId, batch.size(), e);
          AttestationUnavailable failure = new AttestationUnavailable(Reason.DATABASE_UNAVAILABLE, "internal error", e);
          batch.forEach(p -> p.promise().completeExceptionally(failure));
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Refusal counts ride along in the room the batch leaves (at least one each time: the lane always moves). */
  private List<Pending> withRefusals(List<Pending> batch) {
    int room = Math.max(1, settings.maxBatch() - batch.size());
    List<Pending> counts = refusals.drainUpTo(room);
    if (counts.isEmpty()) return batch;
    List<Pending> both = new ArrayList<>(batch.size() + counts.size());
    both.addAll(batch);
    both.addAll(counts);
    return both;
  }

  private void write(List<Pending> batch) {
    List<Pending> live = new ArrayList<>(batch.size());
    List<UUID> liveIds = new ArrayList<>(batch.size());
    boolean clockBehind = false;
    for (int i = 0; i < batch.size(); i++) {
      Pending p = batch.get(i);
      if (p.promise().isDone()) continue; // expired while queued: never written
      try {
        liveIds.add(ids.next());
        live.add(p);
      } catch (ClockWentBackwards e) {
        clockBehind = true;
        onClockWentBackwards(e, batch.size() - i);
        for (int j = i; j < batch.size(); j++) batch.get(j).promise().completeExceptionally(e);
        break;
      }
    }
    if (!clockBehind && !liveIds.isEmpty()) clockIncidentOpen = false; // the episode is over
    List<ChainWriter.Draft> drafts = new ArrayList<>(live.size());
    List<Pending> writing = new ArrayList<>(live.size());
    for (int i = 0; i < live.size(); i++) {
      if (live.get(i).promise().isDone()) continue; // expired while the clock was awaited; its id stays unused
      drafts.add(new ChainWriter.Draft(liveIds.get(i), live.get(i).record()));
      writing.add(live.get(i));
    }
    if (drafts.isEmpty()) return;

    List<AttestationRow> rows;
    long startNanos = System.nanoTime();
    try {
      rows = chain.append(drafts);
    } catch (AttestationUnavailable e) {
      failedBatches.increment();
      if (healthy) LOG.error("Node {}: attestation batch failed; refusing requests until the database takes them", nodeId, e);
      else LOG.debug("Node {}: attestation batch failed again", nodeId, e);
      healthy = false;
      writing.forEach(p -> p.promise().completeExceptionally(e));
      return;
    }
    if (!healthy) LOG.info("Node {}: attestations are committed again", nodeId);
    healthy = true;
    head = chain.head();
    committedBatches.increment();
    committedRows.add(rows.size());
    metrics.batchCommitted(rows.size(), System.nanoTime() - startNanos);
    List<UUID> late = new ArrayList<>();
    for (int i = 0; i < rows.size(); i++) {
      AttestationRow row = rows.get(i);
      if (!writing.get(i).promise().complete(new Attested(row.attestationId(), nodeId, row.nodeSeq(), row.hash()))) {
        late.add(row.attestationId()); // its caller already got 503: nothing was forwarded
      }
    }
    if (!late.isEmpty()) {
      lateCommits.add(late.size());
      chain.recordNotForwarded(late);
    }
    try {
      rowsListener.committed(rows);
    } catch (RuntimeException e) {
      LOG.warn("Node {}: the committed-rows listener failed on node_seq {}..{}: {}", nodeId, rows.get(0).nodeSeq(),
          rows.get(rows.size() - 1).nodeSeq(), e.toString());
    }
  }

  private void onClockWentBackwards(ClockWentBackwards e, int refused) {
    refusedClockBackwards.add(refused);
    healthy = false;
    if (clockIncidentOpen) return;
    clockIncidentOpen = true;
    LOG.error("Node {}: {}; refusing attestations until the clock catches up", nodeId, e.getMessage());
    try {
      incidents.record(IncidentKind.CLOCK_BACKWARDS, nodeId, e.getMessage());
    } catch (SQLException | RuntimeException failure) {
      LOG.error("Node {}: could not record the CLOCK_BACKWARDS incident", nodeId, failure);
    }
  }

  private static java.util.concurrent.ThreadFactory daemon(String name) {
    return task -> {
      Thread t = new Thread(task, name);
      t.setDaemon(true);
      return t;
    };
  }
}
