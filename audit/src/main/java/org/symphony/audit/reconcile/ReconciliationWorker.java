package org.symphony.audit.reconcile;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.SupervisorStrategy;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;
import org.symphony.engine.serialization.CborSerializable;

/**
 * Runs a {@link ReconciliationCycle} every interval, and at once on demand; one cycle at a time (a request during a
 * cycle is answered by the next one). A cycle that fails (database down, engine unreachable) fails the worker, which
 * restarts with backoff: its state is only the VOID offset, rebuilt by re-reading (recording is idempotent).
 * The node runs it as a cluster singleton.
 */
public final class ReconciliationWorker {

  public sealed interface Command extends CborSerializable {}

  /** Run a cycle now and answer with its report (from any node: the singleton proxy forwards it). */
  public record RunNow(ActorRef<CycleReport> replyTo) implements Command {}

  private record Tick() implements Command {}

  private record CycleDone(CycleReport report, Throwable failure) implements Command {}

  private static final String TIMER = "tick";

  /** One pass; {@link ReconciliationCycle} in the node. */
  @FunctionalInterface
  public interface Cycle {
    CycleReport run() throws Exception;
  }

  private ReconciliationWorker() {}

  public static Behavior<Command> create(
      java.util.function.Supplier<? extends Cycle> cycles, ReconciliationSettings settings, Executor blocking) {
    Behavior<Command> worker = Behaviors.setup(ctx -> Behaviors.withTimers(timers -> {
      timers.startTimerWithFixedDelay(TIMER, new Tick(), settings.interval());
      return new Idle(ctx, timers, cycles.get(), blocking).behavior();
    }));
    return Behaviors.supervise(worker)
        .onFailure(SupervisorStrategy.restartWithBackoff(settings.minBackoff(), settings.maxBackoff(), 0.2));
  }

  /** Between cycles, and during one (with the callers waiting for it). */
  private static final class Idle {
    private final ActorContext<Command> ctx;
    private final Cycle cycle;
    private final Executor blocking;
    private final java.util.List<ActorRef<CycleReport>> waiting = new java.util.ArrayList<>();
    private static final int MAX_WAITING = 100;
    private boolean running;

    Idle(ActorContext<Command> ctx, TimerScheduler<Command> timers, Cycle cycle, Executor blocking) {
      this.ctx = ctx;
      this.cycle = cycle;
      this.blocking = blocking;
    }

    Behavior<Command> behavior() {
      return Behaviors.receive(Command.class)
          .onMessage(Tick.class, t -> start())
          .onMessage(RunNow.class, r -> {
            if (waiting.size() < MAX_WAITING) waiting.add(r.replyTo());
            return start();
          })
          .onMessage(CycleDone.class, this::done)
          .build();
    }

    private Behavior<Command> start() {
      if (running) return Behaviors.same();
      running = true;
      ctx.pipeToSelf(
          CompletableFuture.supplyAsync(() -> {
            try {
              return cycle.run();
            } catch (Exception e) {
              throw new CompletionException(e);
            }
          }, blocking),
          CycleDone::new);
      return Behaviors.same();
    }

    private Behavior<Command> done(CycleDone d) {
      running = false;
      if (d.failure() != null) {
        Throwable cause = d.failure() instanceof CompletionException && d.failure().getCause() != null ? d.failure().getCause() : d.failure();
        ctx.getLog().warn("reconciliation cycle failed; restarting with backoff: {}", cause.toString());
        throw new ReconciliationFailed(cause); // callers still waiting time out and may ask again
      }
      var report = d.report();
      if (report.ghostsOpened() + report.accountedByInstruction() + report.accountedByRetry() + report.voidsRecorded()
          + report.zombiesWoken() + report.interventionsOpened() > 0)
        ctx.getLog().info("reconciliation: {}", report);
      waiting.forEach(w -> w.tell(report));
      waiting.clear();
      return Behaviors.same();
    }
  }

  static final class ReconciliationFailed extends RuntimeException {
    ReconciliationFailed(Throwable cause) {
      super(cause);
    }
  }
}
