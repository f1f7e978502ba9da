package org.symphony.rails.sim;

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

/**
 * Every transfer a simulator executed, kept in memory and in an fsync'd append-only file (one JSON line
 * per execution) that is replayed on start. A reference is executed at most once: the in-memory claim
 * ({@code putIfAbsent}) refuses a second execution before anything is written, and the file would show a
 * second line per reference if that ever failed — which is what INV-ONCE checks.
 *
 * @param <T> the rail's transfer type; {@link Format} says how it is keyed and written
 */
public final class StrikeLedger<T> implements AutoCloseable {

  /** How a rail's transfer is keyed and stored as one line. */
  public interface Format<T> {
    String referenceOf(T transfer);

    String toLine(T transfer);

    /** Reads a stored line; a transfer still pending completes no later than pendingCompleteBy (epoch ms). */
    T fromLine(String line, long pendingCompleteBy) throws IOException;
  }

  private static final Logger log = LoggerFactory.getLogger(StrikeLedger.class);
  private static final int MAX_QUEUED_APPENDS = 16_384;

  /** One reference: what was executed, how many times (always 1 unless INV-ONCE broke), and if it is on disk. */
  public record Strike<T>(T transfer, int executions, boolean durable) {}

  public sealed interface Execution<T> {
    record Executed<T>(T transfer) implements Execution<T> {}

    record Duplicate<T>(T existing) implements Execution<T> {}

    record Full<T>() implements Execution<T> {}

    /** Nothing was executed: the ledger could not record it. */
    record NotRecorded<T>(Throwable cause) implements Execution<T> {}
  }

  private final DurableLineLog file;
  private final Format<T> format;
  private final Map<String, Strike<T>> strikes;
  private final AtomicInteger references;
  private final int maxReferences;

  private StrikeLedger(DurableLineLog file, Format<T> format, Map<String, Strike<T>> strikes, int maxReferences) {
    this.file = file;
    this.format = format;
    this.strikes = strikes;
    this.references = new AtomicInteger(strikes.size());
    this.maxReferences = maxReferences;
  }

  /** Opens the ledger file and replays it (see {@link Format#fromLine}). Blocking. */
  public static <T> StrikeLedger<T> open(Path ledgerFile, Format<T> format, int maxReferences, long pendingCompleteBy)
      throws IOException {
    Map<String, Strike<T>> strikes = new ConcurrentHashMap<>();
    int[] skipped = {0};
    DurableLineLog file =
        DurableLineLog.open(ledgerFile, MAX_QUEUED_APPENDS, line -> {
          T transfer;
          try {
            transfer = format.fromLine(line, pendingCompleteBy);
          } catch (IOException | RuntimeException e) {
            skipped[0]++;
            return;
          }
          strikes.merge(
              format.referenceOf(transfer),
              new Strike<>(transfer, 1, true),
              (first, again) -> new Strike<>(first.transfer(), first.executions() + 1, true));
        });
    if (skipped[0] > 0) log.warn("strike ledger {}: skipped {} unreadable lines", file.file(), skipped[0]);
    return new StrikeLedger<>(file, format, strikes, maxReferences);
  }

  /** Executes the transfer unless its reference was executed before; completes once it is on disk. */
  public CompletionStage<Execution<T>> execute(T transfer) {
    String reference = format.referenceOf(transfer);
    Strike<T> existing = strikes.get(reference);
    if (existing != null) return done(new Execution.Duplicate<>(existing.transfer()));
    if (references.incrementAndGet() > maxReferences) {
      references.decrementAndGet();
      return done(new Execution.Full<>());
    }
    Strike<T> claim = new Strike<>(transfer, 1, false);
    Strike<T> raced = strikes.putIfAbsent(reference, claim);
    if (raced != null) {
      references.decrementAndGet();
      return done(new Execution.Duplicate<>(raced.transfer()));
    }
    return file.append(format.toLine(transfer))
        .handle((ok, error) -> {
          if (error != null) {
            strikes.remove(reference, claim);
            references.decrementAndGet();
            return new Execution.NotRecorded<>(error);
          }
          strikes.replace(reference, claim, new Strike<>(transfer, 1, true));
          return new Execution.Executed<>(transfer);
        });
  }

  public Optional<Strike<T>> find(String reference) {
    return Optional.ofNullable(strikes.get(reference));
  }

  /** Executions per reference, for everything on disk (sorted, so the report is stable). */
  public Map<String, Integer> executionsByReference() {
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

  private static <T> CompletionStage<Execution<T>> done(Execution<T> execution) {
    return CompletableFuture.completedFuture(execution);
  }
}
