package org.symphony.rails.sim.rtgs;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.symphony.rails.sim.DurableLineLog;

/**
 * Every message the simulated RTGS executed, by MsgId, kept in memory (at most {@code maxReferences})
 * and in an fsync'd append-only file (one JSON line per execution) that is replayed on start. A MsgId is
 * executed at most once: the in-memory claim ({@code putIfAbsent}) refuses a second execution before
 * anything is written, and the file would show a second line per MsgId if that ever failed — which is
 * what INV-ONCE checks.
 */
final class RtgsStrikeLedger implements AutoCloseable {

  static final String FILE_NAME = "rtgs-strikes.jsonl";

  private static final Logger log = LoggerFactory.getLogger(RtgsStrikeLedger.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int MAX_QUEUED_APPENDS = 16_384;

  /** One MsgId: what was executed, how many times (always 1 unless INV-ONCE broke), and if it is on disk. */
  record Strike(RtgsSettlement settlement, int executions, boolean durable) {}

  sealed interface Execution {
    record Executed(RtgsSettlement settlement) implements Execution {}

    record Duplicate(RtgsSettlement existing) implements Execution {}

    record Full() implements Execution {}

    /** Nothing was executed: the ledger could not record it. */
    record NotRecorded(Throwable cause) implements Execution {}
  }

  private final DurableLineLog file;
  private final Map<String, Strike> strikes;
  private final AtomicInteger references;
  private final int maxReferences;

  private RtgsStrikeLedger(DurableLineLog file, Map<String, Strike> strikes, int maxReferences) {
    this.file = file;
    this.strikes = strikes;
    this.references = new AtomicInteger(strikes.size());
    this.maxReferences = maxReferences;
  }

  /**
   * Opens the ledger in {@code dataDir} and replays it. Messages still pending at replay complete no later
   * than {@code pendingCompleteBy} (epoch ms): a restarted RTGS finishes what it had accepted. Blocking.
   */
  static RtgsStrikeLedger open(Path dataDir, int maxReferences, long pendingCompleteBy) throws IOException {
    Map<String, Strike> strikes = new ConcurrentHashMap<>();
    int[] skipped = {0};
    DurableLineLog file =
        DurableLineLog.open(dataDir.resolve(FILE_NAME), MAX_QUEUED_APPENDS, line -> {
          RtgsSettlement settlement;
          try {
            settlement = RtgsSettlement.fromLedgerJson(JSON.readTree(line)).completingBy(pendingCompleteBy);
          } catch (IOException | RuntimeException e) {
            skipped[0]++;
            return;
          }
          strikes.merge(
              settlement.messageId(),
              new Strike(settlement, 1, true),
              (first, again) -> new Strike(first.settlement(), first.executions() + 1, true));
        });
    if (skipped[0] > 0) log.warn("strike ledger {}: skipped {} unreadable lines", file.file(), skipped[0]);
    if (strikes.size() > maxReferences)
      log.warn("strike ledger {} holds {} message ids, more than max-references {}: new ones are refused",
          file.file(), strikes.size(), maxReferences);
    return new RtgsStrikeLedger(file, strikes, maxReferences);
  }

  /** Executes the settlement unless its MsgId was executed before; completes once it is on disk. */
  CompletionStage<Execution> execute(RtgsSettlement settlement) {
    String msgId = settlement.messageId();
    Strike existing = strikes.get(msgId);
    if (existing != null) return done(new Execution.Duplicate(existing.settlement()));
    if (references.incrementAndGet() > maxReferences) {
      references.decrementAndGet();
      return done(new Execution.Full());
    }
    Strike claim = new Strike(settlement, 1, false);
    Strike raced = strikes.putIfAbsent(msgId, claim);
    if (raced != null) {
      references.decrementAndGet();
      return done(new Execution.Duplicate(raced.settlement()));
    }
    return file.append(settlement.toLedgerJson().toString())
        .handle((ok, error) -> {
          if (error != null) {
            strikes.remove(msgId, claim);
            references.decrementAndGet();
            return new Execution.NotRecorded(error);
          }
          strikes.replace(msgId, claim, new Strike(settlement, 1, true));
          return new Execution.Executed(settlement);
        });
  }

  Optional<Strike> find(String msgId) {
    return Optional.ofNullable(strikes.get(msgId));
  }

  /** Executions per MsgId, for everything on disk (sorted, so the report is stable). */
  Map<String, Integer> executionsByMessageId() {
    Map<String, Integer> counts = new TreeMap<>();
    strikes.forEach((msgId, strike) -> {
      if (strike.durable()) counts.put(msgId, strike.executions());
    });
    return counts;
  }

  @Override
  public void close() throws IOException {
    file.close();
  }

  private static CompletionStage<Execution> done(Execution execution) {
    return CompletableFuture.completedFuture(execution);
  }
}
