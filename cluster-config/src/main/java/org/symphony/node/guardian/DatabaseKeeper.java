package org.symphony.node.guardian;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the node's database usable: probes it with a write transaction, restarts the node's own embedded server when
 * its postmaster died (an external one is only probed), backs off while it stays down, and tells {@link NodeHealth}
 * (readiness). The node's pools and journal reconnect by themselves once the server answers again.
 *
 * <p>A failing database is logged when it fails, at most once per log interval while it stays down, and when it
 * comes back — not once per request or per probe.
 */
public final class DatabaseKeeper {

  private static final Logger LOG = LoggerFactory.getLogger(DatabaseKeeper.class);

  sealed interface Command {}

  private enum Check implements Command { INSTANCE }

  /** The result of one check, computed off the actor's thread. */
  private record Checked(Optional<String> problem, boolean restarted) implements Command {}

  /** Since when it has been down, how many checks failed, when that was last logged. */
  private record Down(Instant since, int failures, Instant lastLogged) {}

  private DatabaseKeeper() {}

  public static Behavior<?> create(
      KeptDatabase db, DatabaseKeeperSettings settings, NodeHealth health, Executor blocking, Clock clock) {
    return Behaviors.<Command>setup(context -> Behaviors.withTimers(timers -> {
      timers.startSingleTimer(Check.INSTANCE, Duration.ZERO);
      return new DatabaseKeeper.Running(context, timers, db, settings, health, blocking, clock).idle(null);
    }));
  }

  private record Running(
      ActorContext<Command> context,
      TimerScheduler<Command> timers,
      KeptDatabase db,
      DatabaseKeeperSettings settings,
      NodeHealth health,
      Executor blocking,
      Clock clock) {

    /** Waiting for the next check; {@code down} is null while the database is fine. */
    Behavior<Command> idle(Down down) {
      return Behaviors.receive(Command.class)
          .onMessageEquals(Check.INSTANCE, () -> {
            context.pipeToSelf(CompletableFuture.supplyAsync(this::check, blocking),
                (checked, failure) -> failure == null ? checked
                    : new Checked(Optional.of("the check itself failed: " + failure), false));
            return checking(down);
          })
          .build();
    }

    /** One check in progress: no second one overlaps it. */
    Behavior<Command> checking(Down down) {
      return Behaviors.receive(Command.class)
          .onMessage(Checked.class, checked -> checked.problem().isEmpty() ? up(down, checked) : stillDown(down, checked))
          .onMessageEquals(Check.INSTANCE, Behaviors::same)
          .build();
    }

    private Checked check() {
      boolean restarted = false;
      if (db.restartable() && !db.serverProcessAlive()) {
        try {
          db.restart();
          restarted = true;
        } catch (RuntimeException e) {
          return new Checked(Optional.of("its server process is gone and could not be restarted yet: " + e.getMessage()), false);
        }
      }
      return new Checked(db.probeWritable(settings.probeTimeout()), restarted);
    }

    private Behavior<Command> up(Down down, Checked checked) {
      health.database(Optional.empty());
      if (down != null)
        LOG.info("database {} is writable again after {}{} ({} failed checks)", db.describe(),
            Duration.between(down.since(), clock.instant()), checked.restarted() ? ", its server restarted by the node" : "",
            down.failures());
      timers.startSingleTimer(Check.INSTANCE, settings.probeInterval());
      return idle(null);
    }

    private Behavior<Command> stillDown(Down down, Checked checked) {
      String problem = checked.problem().orElseThrow();
      health.database(checked.problem());
      Instant now = clock.instant();
      Down next;
      if (down == null) {
        LOG.error("database {} is unavailable: {}; the node refuses work that needs it and checks again with backoff "
            + "(this is logged again every {} while it lasts)", db.describe(), problem, settings.logInterval());
        next = new Down(now, 1, now);
      } else if (!now.isBefore(down.lastLogged().plus(settings.logInterval()))) {
        LOG.warn("database {} still unavailable after {} ({} failed checks): {}", db.describe(),
            Duration.between(down.since(), now), down.failures() + 1, problem);
        next = new Down(down.since(), down.failures() + 1, now);
      } else {
        next = new Down(down.since(), down.failures() + 1, down.lastLogged());
      }
      timers.startSingleTimer(Check.INSTANCE, settings.backoff(next.failures() - 1));
      return idle(next);
    }
  }
}
