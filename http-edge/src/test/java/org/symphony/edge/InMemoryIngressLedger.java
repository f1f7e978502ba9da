package org.symphony.edge;

import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import org.symphony.edge.attest.Attestation;
import org.symphony.edge.attest.IngressEntry;
import org.symphony.edge.attest.IngressLedger;

/**
 * The audit layer as the edge tests see it: entries in commit order, outcomes, and switches to refuse or
 * to hold commits back (so a test can show the engine is not reached before the commit).
 */
public final class InMemoryIngressLedger implements IngressLedger {

  public record Outcome(String attestationId, String instructionId, String outcome, int httpStatus) {}

  /** An unauthenticated refusal, counted rather than attested on a row of its own. */
  public record CountedRefusal(IngressEntry entry, String source) {}

  private final ConcurrentLinkedQueue<IngressEntry> committed = new ConcurrentLinkedQueue<>();
  private final ConcurrentLinkedQueue<Outcome> outcomes = new ConcurrentLinkedQueue<>();
  private final ConcurrentLinkedQueue<CountedRefusal> refusals = new ConcurrentLinkedQueue<>();
  private final AtomicLong seq = new AtomicLong();
  private final AtomicLong calls = new AtomicLong();
  private volatile boolean refusing;
  private volatile CompletableFuture<Void> gate = CompletableFuture.completedFuture(null);

  @Override
  public CompletionStage<Attestation> attest(IngressEntry entry) {
    calls.incrementAndGet();
    if (refusing) return CompletableFuture.failedFuture(new IllegalStateException("database unavailable"));
    return gate.thenApply(
        ignored -> {
          committed.add(entry);
          return new Attestation(UUID.randomUUID().toString(), seq.incrementAndGet());
        });
  }

  @Override
  public boolean countRefusal(IngressEntry entry, String source) {
    if (refusing) return false;
    refusals.add(new CountedRefusal(entry, source));
    return true;
  }

  @Override
  public void outcome(String attestationId, String instructionId, String outcome, int httpStatus) {
    outcomes.add(new Outcome(attestationId, instructionId, outcome, httpStatus));
  }

  public List<IngressEntry> entries() {
    return List.copyOf(committed);
  }

  public List<CountedRefusal> refusals() {
    return List.copyOf(refusals);
  }

  public List<Outcome> outcomes() {
    return List.copyOf(outcomes);
  }

  /** attest calls so far, committed or not. */
  public long calls() {
    return calls.get();
  }

  public void refuse(boolean value) {
    refusing = value;
  }

  /** Commits wait until {@link #release()}. */
  public void holdCommits() {
    gate = new CompletableFuture<>();
  }

  public void release() {
    gate.complete(null);
  }
}
