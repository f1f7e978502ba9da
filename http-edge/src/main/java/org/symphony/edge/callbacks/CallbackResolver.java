package org.symphony.edge.callbacks;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.symphony.edge.callbacks.CallbackOutcomes.Outcome;

/**
 * Resolves rail callbacks' keys to instructions in the background, so that no HTTP request holds capacity
 * while the read model catches up (P12 finding 4). Bounded everywhere: a queue of callbacks waiting for their
 * first lookup (full: the caller answers 503), a waiting room of keys not indexed yet, each kept at most the
 * index wait (full, or expired: dropped and counted), and one lookup at a time for a whole batch of keys. An
 * open instruction that is found is told (a hint; the entity debounces its status queries); a settled one,
 * an unknown key and a repeated key reach no entity.
 */
public final class CallbackResolver {

  /** What the first lookup found; MTN's caller is answered by it. */
  public enum FirstLook {
    FORWARDED,
    ALREADY_SETTLED,
    NOT_INDEXED
  }

  private record Lookup(String rail, String railKey, CompletableFuture<FirstLook> firstLook) {}

  private record Waiting(String rail, long deadlineNanos) {}

  private final RailKeyIndex index;
  private final Consumer<String> tellInstruction;
  private final CallbackSettings settings;
  private final CallbackOutcomes outcomes;
  private final LongSupplier nanoTime;
  private final ArrayBlockingQueue<Lookup> queue;
  /** Keys not indexed yet; touched only by the one running cycle (see {@link #running}). */
  private final Map<String, Waiting> waiting = new LinkedHashMap<>();
  private final AtomicBoolean running = new AtomicBoolean();
  private final AtomicBoolean recheckScheduled = new AtomicBoolean();
  private long lastRecheckNanos;

  public CallbackResolver(
      RailKeyIndex index, Consumer<String> tellInstruction, CallbackSettings settings, CallbackOutcomes outcomes, LongSupplier nanoTime) {
    this.index = index;
    this.tellInstruction = tellInstruction;
    this.settings = settings;
    this.outcomes = outcomes;
    this.nanoTime = nanoTime;
    this.queue = new ArrayBlockingQueue<>(settings.queueCapacity());
    this.lastRecheckNanos = nanoTime.getAsLong();
  }

  /** Queued: the first lookup's finding follows (failed when the read model could not be read). Empty: full. */
  public Optional<CompletionStage<FirstLook>> resolve(String rail, String railKey) {
    Lookup lookup = new Lookup(rail, railKey, new CompletableFuture<>());
    if (!queue.offer(lookup)) {
      outcomes.counted(rail, Outcome.REFUSED_FULL);
      return Optional.empty();
    }
    runCycle();
    return Optional.of(lookup.firstLook());
  }

  /** One cycle at a time: the queued keys (a batch) and, when due, every waiting key, in one lookup. */
  private void runCycle() {
    if (!running.compareAndSet(false, true)) return;
    List<Lookup> batch = new ArrayList<>();
    queue.drainTo(batch, settings.maxBatch());
    long now = nanoTime.getAsLong();
    boolean recheck = !waiting.isEmpty() && now - lastRecheckNanos >= settings.indexPoll().toNanos();
    Set<String> keys = new HashSet<>();
    batch.forEach(l -> keys.add(l.railKey()));
    if (recheck) keys.addAll(waiting.keySet());
    if (keys.isEmpty()) {
      endCycle();
      return;
    }
    CompletionStage<Map<String, RailKeyIndex.Indexed>> found;
    try {
      found = index.instructionsFor(Set.copyOf(keys));
    } catch (RuntimeException e) {
      found = CompletableFuture.failedFuture(e);
    }
    found.whenComplete((indexed, error) -> {
      try {
        if (error != null) lookupFailed(batch, recheck, error, now);
        else settle(batch, recheck, indexed, now);
      } finally {
        endCycle();
      }
    });
  }

  private void endCycle() {
    running.set(false);
    if (!queue.isEmpty()) runCycle();
    else if (!waiting.isEmpty() && recheckScheduled.compareAndSet(false, true))
      CompletableFuture.delayedExecutor(settings.indexPoll().toMillis(), TimeUnit.MILLISECONDS).execute(() -> {
        recheckScheduled.set(false);
        runCycle();
      });
  }

  private void settle(List<Lookup> batch, boolean recheck, Map<String, RailKeyIndex.Indexed> indexed, long now) {
    Set<String> told = new HashSet<>();
    for (Lookup l : batch) {
      RailKeyIndex.Indexed hit = indexed.get(l.railKey());
      if (hit == null) {
        l.firstLook().complete(FirstLook.NOT_INDEXED);
        await(l.rail(), l.railKey(), now);
      } else {
        l.firstLook().complete(found(l.rail(), hit, told) ? FirstLook.FORWARDED : FirstLook.ALREADY_SETTLED);
      }
    }
    if (!recheck) return;
    lastRecheckNanos = now;
    for (Iterator<Map.Entry<String, Waiting>> it = waiting.entrySet().iterator(); it.hasNext(); ) {
      var entry = it.next();
      RailKeyIndex.Indexed hit = indexed.get(entry.getKey());
      if (hit != null) {
        found(entry.getValue().rail(), hit, told);
        it.remove();
      } else if (now - entry.getValue().deadlineNanos() >= 0) {
        outcomes.counted(entry.getValue().rail(), Outcome.UNKNOWN_DROPPED);
        it.remove();
      }
    }
  }

  /** True when the instruction was told; each once per cycle however many callbacks named it. */
  private boolean found(String rail, RailKeyIndex.Indexed hit, Set<String> told) {
    if (!hit.open()) {
      outcomes.counted(rail, Outcome.ALREADY_SETTLED);
      return false;
    }
    if (told.add(hit.instructionId())) tellInstruction.accept(hit.instructionId());
    outcomes.counted(rail, Outcome.FORWARDED);
    return true;
  }

  /** Not indexed yet: the projection may be a moment behind the journal, so look again for the index wait. */
  private void await(String rail, String railKey, long now) {
    if (waiting.containsKey(railKey)) return;
    if (settings.indexWait().isZero() || waiting.size() >= settings.waitingCapacity()) {
      outcomes.counted(rail, Outcome.UNKNOWN_DROPPED);
      return;
    }
    waiting.put(railKey, new Waiting(rail, now + settings.indexWait().toNanos()));
  }

  /** Every key is looked up again until its index wait is over; the first lookup's caller learns of the failure. */
  private void lookupFailed(List<Lookup> batch, boolean recheck, Throwable error, long now) {
    for (Lookup l : batch) {
      outcomes.counted(l.rail(), Outcome.LOOKUP_FAILED);
      l.firstLook().completeExceptionally(error);
      await(l.rail(), l.railKey(), now);
    }
    if (!recheck) return;
    lastRecheckNanos = now;
    waiting.entrySet().removeIf(entry -> {
      boolean expired = now - entry.getValue().deadlineNanos() >= 0;
      if (expired) outcomes.counted(entry.getValue().rail(), Outcome.UNKNOWN_DROPPED);
      return expired;
    });
  }
}
