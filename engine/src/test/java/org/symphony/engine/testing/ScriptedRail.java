package org.symphony.engine.testing;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.symphony.engine.rail.Creditor;
import org.symphony.engine.rail.Rail;
import org.symphony.engine.rail.RailDirectory;
import org.symphony.engine.rail.RailKey;
import org.symphony.engine.rail.RailResult;
import org.symphony.engine.rail.RailTransfer;

/**
 * A rail for unit tests whose answers are scripted per call. Records every call so tests can count
 * dispatches per rail key. Integration tests use the real simulators instead.
 */
public final class ScriptedRail implements Rail, RailDirectory {

  private final String id;
  private volatile Function<RailTransfer, RailResult> onDispatch;
  private volatile Function<RailKey, RailResult> onStatus;
  private final ConcurrentLinkedQueue<RailTransfer> dispatches = new ConcurrentLinkedQueue<>();
  private final ConcurrentLinkedQueue<RailKey> statusQueries = new ConcurrentLinkedQueue<>();
  private final Map<RailKey, AtomicInteger> dispatchesByKey = new ConcurrentHashMap<>();
  private volatile boolean accepting = true;
  private volatile java.time.Duration firstStatusQueryAfter = java.time.Duration.ZERO;

  public ScriptedRail(String id, Function<RailTransfer, RailResult> onDispatch, Function<RailKey, RailResult> onStatus) {
    this.id = id;
    this.onDispatch = onDispatch;
    this.onStatus = onStatus;
  }

  /** Executes at once, and reports Completed on status. */
  public static ScriptedRail alwaysCompletes() {
    return new ScriptedRail("scripted", t -> new RailResult.Completed("tx-" + t.railKey()), k -> new RailResult.Completed("tx-" + k));
  }

  public void onDispatch(Function<RailTransfer, RailResult> f) {
    this.onDispatch = f;
  }

  public void onStatus(Function<RailKey, RailResult> f) {
    this.onStatus = f;
  }

  /** Simulates an open circuit: the engine must not send while this is false. */
  public void accepting(boolean value) {
    this.accepting = value;
  }

  @Override
  public boolean acceptsCalls() {
    return accepting;
  }

  /** The rail's typical completion time, which the engine waits before its first status query. */
  public void firstStatusQueryAfter(java.time.Duration value) {
    this.firstStatusQueryAfter = value;
  }

  @Override
  public java.time.Duration firstStatusQueryAfter() {
    return firstStatusQueryAfter;
  }

  @Override
  public String id() {
    return id;
  }

  @Override
  public CompletionStage<RailResult> dispatch(RailTransfer transfer) {
    dispatches.add(transfer);
    dispatchesByKey.computeIfAbsent(transfer.railKey(), k -> new AtomicInteger()).incrementAndGet();
    return CompletableFuture.completedFuture(onDispatch.apply(transfer));
  }

  @Override
  public CompletionStage<RailResult> status(RailKey railKey) {
    statusQueries.add(railKey);
    return CompletableFuture.completedFuture(onStatus.apply(railKey));
  }

  public List<RailTransfer> dispatches() {
    return List.copyOf(dispatches);
  }

  public List<RailKey> statusQueries() {
    return List.copyOf(statusQueries);
  }

  public int dispatchCount(RailKey key) {
    AtomicInteger n = dispatchesByKey.get(key);
    return n == null ? 0 : n.get();
  }

  @Override
  public Optional<Rail> route(Creditor creditor) {
    return creditor instanceof Creditor.MobileWallet w && w.msisdn().startsWith("+260") ? Optional.of(this) : Optional.empty();
  }

  @Override
  public Optional<Rail> byId(String railId) {
    return id.equals(railId) ? Optional.of(this) : Optional.empty();
  }
}
