package org.symphony.edge;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;

/** The read model's rail-key index, in memory; fail() makes lookups fail like a database that is down. */
public final class FakeRailKeyIndex {

  private final Map<String, String> byRailKey = new ConcurrentHashMap<>();
  private volatile boolean failing;

  public void put(String railKey, String instructionId) {
    byRailKey.put(railKey, instructionId);
  }

  public void fail(boolean failing) {
    this.failing = failing;
  }

  public CompletionStage<Optional<String>> get(String railKey) {
    if (failing) return CompletableFuture.failedFuture(new IllegalStateException("read model down"));
    return CompletableFuture.completedFuture(Optional.ofNullable(byRailKey.get(railKey)));
  }
}
