package org.symphony.audit.attest;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records what became of forwarded attestations into attestation_outcome, off the request's critical path: a bounded
 * queue drained in batches by one thread, one multi-row upsert per batch, duplicates ignored (the first outcome
 * recorded wins). A batch that cannot be written is retried a bounded number of times and then dropped with an
 * error: its attestations then show up in the gap query, which is where the repair worker picks them up, so a lost
 * outcome is visible, never silent.
 */
public final class OutcomeRecorder implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(OutcomeRecorder.class);
  private static final Duration IDLE_WAIT = Duration.ofMillis(50);
  private static final String UPSERT = "INSERT INTO attestation_outcome "
      + "(attestation_id, instruction_id, outcome, http_status, recorded_at) "
      + "SELECT * FROM unnest(?::text[]::uuid[], ?::text[], ?::text[], ?::int4[], ?::text[]::timestamptz[]) "
      + "ON CONFLICT (attestation_id) DO NOTHING";

  /** Counters since start, for metrics and tests. */
  public record Stats(long written, long duplicatesIgnored, long refusedQueueFull, long dropped, int queued) {}

  private final DataSource dataSource;
  private final OutcomeSettings settings;
  private final BatchQueue<AttestationOutcome> queue;
  private final Thread writer;
  private final AtomicBoolean closed = new AtomicBoolean();
  private final LongAdder written = new LongAdder();
  private final LongAdder duplicates = new LongAdder();
  private final AtomicLong refusedQueueFull = new AtomicLong();
  private final LongAdder dropped = new LongAdder();

  private OutcomeRecorder(DataSource dataSource, OutcomeSettings settings) {
    this.dataSource = dataSource;
    this.settings = settings;
    this.queue = new BatchQueue<>(settings.queueCapacity());
    this.writer = new Thread(this::runWriter, "outcome-recorder");
    writer.setDaemon(true);
  }

  public static OutcomeRecorder start(DataSource dataSource, OutcomeSettings settings) {
    OutcomeRecorder recorder = new OutcomeRecorder(Objects.requireNonNull(dataSource, "dataSource"),
        Objects.requireNonNull(settings, "settings"));
    recorder.writer.start();
    return recorder;
  }

  /** Never blocks. False if the outcome was not queued (queue full or closed); the gap query will then report it. */
  public boolean record(AttestationOutcome outcome) {
    Objects.requireNonNull(outcome, "outcome");
    if (closed.get()) return false;
    if (queue.offer(outcome)) return true;
    long refused = refusedQueueFull.incrementAndGet();
    if (refused % 1_000 == 1) { // the first of every thousand: the condition is visible without flooding the log
      LOG.warn("Outcome queue full ({}); {} outcomes refused so far, e.g. of attestation {}",
          settings.queueCapacity(), refused, outcome.attestationId());
    }
    return false;
  }

  public Stats stats() {
    return new Stats(written.sum(), duplicates.sum(), refusedQueueFull.get(), dropped.sum(), queue.size());
  }

  /** Stops taking outcomes and writes what is queued (one attempt per batch), bounded by the write timeout. */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) return;
    try {
      writer.join(settings.writeTimeout().multipliedBy(2).toMillis());
      if (writer.isAlive()) writer.interrupt();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    int left = queue.drainAll().size();
    if (left > 0) {
      dropped.add(left);
      LOG.error("Outcome recorder closed with {} outcomes unwritten; the gap query will report them", left);
    }
  }

  private void runWriter() {
    try {
      while (true) {
        List<AttestationOutcome> batch = queue.nextBatch(settings.maxBatch(), settings.linger(), IDLE_WAIT);
        if (batch.isEmpty()) {
          if (closed.get()) return;
          continue;
        }
        writeWithRetries(batch);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void writeWithRetries(List<AttestationOutcome> batch) throws InterruptedException {
    for (int attempt = 1; ; attempt++) {
      try {
        int inserted = write(batch);
        written.add(inserted);
        duplicates.add(batch.size() - inserted);
        return;
      } catch (SQLException | RuntimeException e) {
        boolean last = attempt >= settings.maxAttempts() || closed.get();
        if (last) {
          dropped.add(batch.size());
          LOG.error("Dropped {} attestation outcomes after {} attempts; the gap query will report them", batch.size(), attempt, e);
          return;
        }
        LOG.warn("Writing {} attestation outcomes failed (attempt {} of {}); retrying", batch.size(), attempt, settings.maxAttempts(), e);
        LockSupport.parkNanos(settings.retryBackoff().multipliedBy(attempt).toNanos());
        if (Thread.interrupted()) throw new InterruptedException();
      }
    }
  }

  private int write(List<AttestationOutcome> batch) throws SQLException {
    int n = batch.size();
    String[] ids = new String[n], instructions = new String[n], outcomes = new String[n], recordedAt = new String[n];
    Integer[] statuses = new Integer[n];
    for (int i = 0; i < n; i++) {
      AttestationOutcome o = batch.get(i);
      ids[i] = o.attestationId().toString();
      instructions[i] = o.instructionId();
      outcomes[i] = o.outcome();
      statuses[i] = o.httpStatus();
      recordedAt[i] = o.recordedAt().toString();
    }
    try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(UPSERT)) {
      ps.setQueryTimeout((int) Math.max(1, settings.writeTimeout().toSeconds()));
      ps.setArray(1, c.createArrayOf("text", ids));
      ps.setArray(2, c.createArrayOf("text", instructions));
      ps.setArray(3, c.createArrayOf("text", outcomes));
      ps.setArray(4, c.createArrayOf("int4", statuses));
      ps.setArray(5, c.createArrayOf("text", recordedAt));
      return ps.executeUpdate();
    }
  }
}
