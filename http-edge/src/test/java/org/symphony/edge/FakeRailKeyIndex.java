package org.symphony.edge;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.symphony.edge.callbacks.RailKeyIndex;

/** The read model's rail-key index, in memory; fail() makes lookups fail like a database that is down. */
public final class FakeRailKeyIndex implements RailKeyIndex {

  private final Map<String, Indexed> byRailKey = new ConcurrentHashMap<>();
  private final AtomicInteger lookups = new AtomicInteger();
  private volatile boolean failing;

  /** An instruction with no outcome yet. */
  public void put(String railKey, String instructionId) {
    byRailKey.put(railKey, new Indexed(instructionId, true));
  }

  public void settled(String railKey, String instructionId) {
    byRailKey.put(railKey, new Indexed(instructionId, false));
  }

  public void fail(boolean failing) {
    this.failing = failing;
  }

  /** Queries the index was asked (each for a batch of keys). */
  public int lookups() {
    return lookups.get();
  }

  @Override
  public CompletionStage<Map<String, Indexed>> instructionsFor(Set<String> railKeys) {
    lookups.incrementAndGet();
    if (failing) return CompletableFuture.failedFuture(new IllegalStateException("read model down"));
    Map<String, Indexed> found = new HashMap<>();
    for (String key : railKeys) {
      Indexed hit = byRailKey.get(key);
      if (hit != null) found.put(key, hit);
    }
    return CompletableFuture.completedFuture(found);
  }
}
