package org.symphony.node.metrics;

import kamon.Kamon;
import kamon.metric.MeasurementUnit;

/**
 * The node's metric names, in one place. Recorded explicitly (no instrumentation agent); exported for
 * Prometheus by {@link MetricsEndpoint}, where dots become underscores, counters end in {@code _total} and
 * timers in {@code _seconds}.
 */
public final class Instruments {

  private Instruments() {}

  /** Rows committed to ingress_attestation (promise 1). */
  public static final String ATTESTATIONS = "symphony.attestations";
  public static final String ATTESTATION_BATCH_SIZE = "symphony.attestation.batch.size";
  public static final String ATTESTATION_COMMIT = "symphony.attestation.commit";
  public static final String ATTESTATION_FAILED_BATCHES = "symphony.attestation.failed.batches";
  public static final String ATTESTATION_QUEUED = "symphony.attestation.queued";
  /** Forwarded attestations without an outcome after the grace period (INV-GAP); must be 0. */
  public static final String ATTESTATION_GAP = "symphony.attestation.gap";
  /** node_seq of the node's last signed (and published) chain head: a scrape history the database cannot rewrite. */
  public static final String ATTESTATION_SIGNED_HEAD = "symphony.attestation.signed.head";

  /** Answers to money requests as attested at the edge; tags status (HTTP) and outcome (ACCEPTED, REPLAYED, a code). */
  public static final String EDGE_ANSWERS = "symphony.edge.answers";

  /** Entries into a state, counted from the journal as events are written: tag state. */
  public static final String INSTRUCTION_STATES = "symphony.instruction.state.entered";
  public static final String RETRIES = "symphony.instruction.retries";
  public static final String DUPLICATES_BLOCKED = "symphony.duplicates.blocked";
  public static final String DLQ_ENTERED = "symphony.dlq.entered";

  /** Tags rail, operation (dispatch | status), outcome (completed | declined | in_progress | not_found | unknown). */
  public static final String RAIL_CALLS = "symphony.rail.calls";
  public static final String RAIL_CALL_LATENCY = "symphony.rail.call";
  /** 0 closed, 1 half-open, 2 open; tag rail. */
  public static final String CIRCUIT_STATE = "symphony.rail.circuit.state";

  /** Rail callbacks by what became of them; tags rail, outcome (forwarded | already_settled | unknown_dropped | …). */
  public static final String CALLBACKS = "symphony.callbacks";

  public static final String JOURNAL_WRITE = "symphony.journal.write";
  public static final String JOURNAL_EVENTS = "symphony.journal.events";
  public static final String JOURNAL_WRITE_FAILURES = "symphony.journal.write.failures";

  public static final String PROJECTION_LAG = "symphony.projection.lag";
  public static final String PROJECTION_EVENTS = "symphony.projection.events";
  public static final String HEAP_USED = "symphony.jvm.heap.used";
  public static final String PROCESS_CPU_TIME = "symphony.process.cpu.time";
  public static final String PROCESS_CPU_LOAD = "symphony.process.cpu.load";

  /** The read model's lag behind the journal, per slice (a timer of each group's oldest event). */
  public static void projected(String slice, long lagMillis, int events) {
    Kamon.timer(PROJECTION_LAG).withTag("slice", slice).record(lagMillis * 1_000_000L);
    Kamon.counter(PROJECTION_EVENTS).withTag("slice", slice).increment(events);
  }

  static void counter(String name, long times) {
    Kamon.counter(name).withoutTags().increment(times);
  }

  static void counter(String name, String tag, String value) {
    Kamon.counter(name).withTag(tag, value).increment();
  }

  static void timer(String name, long nanos) {
    Kamon.timer(name).withoutTags().record(nanos);
  }

  static void gauge(String name, double value) {
    Kamon.gauge(name).withoutTags().update(value);
  }

  static void gauge(String name, MeasurementUnit unit, double value) {
    Kamon.gauge(name, unit).withoutTags().update(value);
  }
}
