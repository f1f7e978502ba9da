package org.symphony.rails.sim.airtel;

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
 * Every disbursement the simulator executed, kept in memory and in an fsync'd append-only file (one JSON
 * line per execution) that is replayed on start. A transaction id is executed at most once: the in-memory
 * claim ({@code putIfAbsent}) refuses a second execution before anything is written, and the file
 * would show a second line per transaction id if that ever failed — which is what INV-ONCE checks.
 */
final class StrikeLedger implements AutoCloseable {

  static final String FILE_NAME = "airtel-money-strikes.jsonl";

  private static final Logger log = LoggerFactory.getLogger(StrikeLedger.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int MAX_QUEUED_APPENDS = 16_384;

  /** One transaction id: what was executed, how many times (always 1 unless INV-ONCE broke), and if it is on disk. */
  record Strike(SimTransfer transfer, int executions, boolean durable) {}

  sealed interface Execution {
    record Executed(SimTransfer transfer) implements Execution {}

    record Duplicate(SimTransfer existing) implements Execution {}

    record Full() implements Execution {}

    /** Nothing was executed: the ledger could not record it. */
    record NotRecorded(Throwable cause) implements Execution {}
  }

  private final DurableLineLog file;
  private final Map<String, Strike> strikes;
  private final AtomicInteger references;
  private final int maxReferences;

  private StrikeLedger(DurableLineLog file, Map<String, Strike> strikes, int maxReferences) {
    this.file = file;
    this.strikes = strikes;
    this.references = new AtomicInteger(strikes.size());
    this.maxReferences = maxReferences;
  }

  /**
   * Opens the ledger in {@code dataDir} and replays it. Transfers still pending at replay complete no later
   * than {@code pendingCompleteBy} (epoch ms): a restarted rail finishes what it had accepted. Blocking.
   */
  static StrikeLedger open(Path dataDir, int maxReferences, long pendingCompleteBy) throws IOException {
    Map<String, Strike> strikes = new ConcurrentHashMap<>();
    int[] skipped = {0};
    DurableLineLog file =
        DurableLineLog.open(dataDir.resolve(FILE_NAME), MAX_QUEUED_APPENDS, line -> {
          SimTransfer transfer;
          try {
            transfer = SimTransfer.fromLedgerJson(JSON.readTree(line)).completingBy(pendingCompleteBy);
          } catch (IOException | RuntimeException e) {
            skipped[0]++;
            return;
          }
          strikes.merge(
              transfer.transactionId(),
              new Strike(transfer, 1, true),
              (first, again) -> new Strike(first.transfer(), first.executions() + 1, true));
        });
    if (skipped[0] > 0) log.warn("strike ledger {}: skipped {} unreadable lines", file.file(), skipped[0]);
    return new StrikeLedger(file, strikes, maxReferences);
  }

  /** Executes the transfer unless its transaction id was executed before; completes once it is on disk. */
  CompletionStage<Execution> execute(SimTransfer transfer) {
    String reference = transfer.transactionId();
    Strike existing = strikes.get(reference);
    if (existing != null) return done(new Execution.Duplicate(existing.transfer()));
    if (references.incrementAndGet() > maxReferences) {
      references.decrementAndGet();
      return done(new Execution.Full());
    }
    Strike claim = new Strike(transfer, 1, false);
    Strike raced = strikes.putIfAbsent(reference, claim);
    if (raced != null) {
      references.decrementAndGet();
      return done(new Execution.Duplicate(raced.transfer()));
    }
    return file.append(transfer.toLedgerJson().toString())
        .handle((ok, error) -> {
          if (error != null) {
            strikes.remove(reference, claim);
            references.decrementAndGet();
            return new Execution.NotRecorded(error);
          }
          strikes.replace(reference, claim, new Strike(transfer, 1, true));
          return new Execution.Executed(transfer);
        });
  }

  Optional<Strike> find(String referenceId) {
    return Optional.ofNullable(strikes.get(referenceId));
  }

  /** Executions per transaction id, for everything on disk (sorted, so the report is stable). */
  Map<String, Integer> executionsByReference() {
    Map<String, Integer> counts = new TreeMap<>();
    strikes.forEach((reference, strike) -> {
      if (strike.durable()) counts.put(reference, strike.executions());
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
