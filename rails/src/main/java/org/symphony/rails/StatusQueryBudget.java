package org.symphony.rails;

import com.typesafe.config.Config;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.actor.typed.ActorSystem;
import org.symphony.engine.rail.Rail;
import org.symphony.engine.rail.RailKey;
import org.symphony.engine.rail.RailResult;
import org.symphony.engine.rail.RailTransfer;

/**
 * Status queries to one rail at a bounded rate shared by every instruction of this node, so that 10,000
 * pending transfers (after a restart, or a slow rail) do not mean thousands of polls a second. A query
 * within the budget goes at once, or after a short wait for its slot; one that would wait longer is not
 * sent ({@link RailResult.NotAsked}) and the instruction asks again at its next poll. Dispatches are
 * never held back: they are bounded by admission. Also carries the rail's typical completion time, which
 * the engine waits before its first status query.
 */
public final class StatusQueryBudget implements Rail {

  /** One rail's status-query settings; a rail's own section overrides the defaults. */
  public record Settings(Duration firstQueryAfter, double perSecond, int burst, Duration maxWait) {
    public Settings {
      if (!(perSecond > 0) || burst < 1 || maxWait.isNegative() || firstQueryAfter.isNegative())
        throw new IllegalArgumentException("status-queries: need per-second > 0, burst >= 1, non-negative durations");
    }

    public static Settings fromConfig(Config root, String railId) {
      Config all = root.getConfig("symphony.rails.status-queries");
      Config c = all.hasPath("rails." + railId) ? all.getConfig("rails." + railId).withFallback(all) : all;
      return new Settings(c.getDuration("first-query-after"), c.getDouble("per-second"), c.getInt("burst"), c.getDuration("max-wait"));
    }
  }

  private final Rail rail;
  private final Settings settings;
  private final ActorSystem<?> system;
  private final Slots slots;

  public StatusQueryBudget(ActorSystem<?> system, Rail rail, Settings settings) {
    this.rail = rail;
    this.settings = settings;
    this.system = system;
    this.slots = new Slots(settings.perSecond(), settings.burst(), settings.maxWait().toNanos());
  }

  @Override
  public String id() {
    return rail.id();
  }

  @Override
  public CompletionStage<RailResult> dispatch(RailTransfer transfer) {
    return rail.dispatch(transfer);
  }

  @Override
  public CompletionStage<RailResult> status(RailKey railKey) {
    long waitNanos = slots.reserve(System.nanoTime());
    if (waitNanos < 0)
      return CompletableFuture.completedFuture(
          new RailResult.NotAsked("status budget of rail " + rail.id() + " (" + settings.perSecond() + "/s) spent; ask later"));
    if (waitNanos == 0) return rail.status(railKey);
    CompletableFuture<RailResult> answer = new CompletableFuture<>();
    system.scheduler().scheduleOnce(Duration.ofNanos(waitNanos),
        () -> {
          try {
            rail.status(railKey).whenComplete((r, e) -> {
              if (e != null) answer.completeExceptionally(e);
              else answer.complete(r);
            });
          } catch (RuntimeException e) {
            answer.completeExceptionally(e);
          }
        },
        system.executionContext());
    return answer;
  }

  @Override
  public boolean acceptsCalls() {
    return rail.acceptsCalls();
  }

  @Override
  public Duration firstStatusQueryAfter() {
    return settings.firstQueryAfter();
  }

  /**
   * Slots at a fixed interval (1 / rate); unused slots accumulate up to {@code burst}. {@link #reserve} gives
   * the wait until the caller's slot, or -1 if that is further away than the longest allowed wait.
   */
  static final class Slots {
    private final long intervalNanos;
    private final long burstNanos;
    private final long maxWaitNanos;
    private long next = Long.MIN_VALUE / 2;

    Slots(double perSecond, int burst, long maxWaitNanos) {
      this.intervalNanos = Math.max(1, (long) (1e9 / perSecond));
      this.burstNanos = intervalNanos * burst;
      this.maxWaitNanos = maxWaitNanos;
    }

    synchronized long reserve(long nowNanos) {
      long slot = Math.max(next, nowNanos - burstNanos + intervalNanos);
      long wait = Math.max(0, slot - nowNanos);
      if (wait > maxWaitNanos) return -1;
      next = slot + intervalNanos;
      return wait;
    }
  }
}
