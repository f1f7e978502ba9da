package org.symphony.node.backup;

import com.typesafe.config.Config;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.symphony.node.guardian.ChildStrategy;
import org.symphony.node.guardian.GuardedChild;
import org.symphony.persistence.DatabaseSettings;
import org.symphony.persistence.SymphonyDatabase;
import org.symphony.persistence.backup.BackupCatalog;
import org.symphony.persistence.backup.BackupManifest;
import org.symphony.persistence.backup.BackupRetention;
import org.symphony.persistence.backup.BackupSettings;
import org.symphony.persistence.backup.Backups;

/**
 * The node's scheduled base backups (symphony.persistence.backup.interval): one at start when there is none (or the
 * newest is older than the interval), then one per interval, each followed by retention (keep N backups and the
 * archived WAL they need). One backup at a time; the copy runs on the blocking dispatcher.
 */
public final class ScheduledBackups {

  private static final Logger LOG = LoggerFactory.getLogger(ScheduledBackups.class);

  public sealed interface Command {}

  private enum Take implements Command { INSTANCE }

  private record Finished(Optional<BackupManifest> taken, Optional<BackupRetention.Pruned> pruned, Optional<Throwable> failure)
      implements Command {}

  private record Plan(SymphonyDatabase db, Path dataDir, Path backupsDir, Path archiveDir, BackupSettings settings, Duration interval,
                      Executor blocking, Clock clock) {}

  private ScheduledBackups() {}

  /**
   * The guardian child, when the schedule is on and can work: a node-owned embedded server that archives its WAL.
   * Restarted with backoff (symphony.node.guardian.restart) if it fails.
   */
  public static Optional<GuardedChild> child(SymphonyDatabase db, Config config, Path dataDir, boolean ephemeral, Executor blocking,
      Clock clock) {
    BackupSettings settings = BackupSettings.fromConfig(config);
    if (settings.interval().isEmpty()) return Optional.empty();
    DatabaseSettings database = DatabaseSettings.fromConfig(config);
    if (ephemeral || !db.isEmbedded() || !database.walArchive().enabled()) {
      LOG.warn("symphony.persistence.backup.interval is set, but scheduled backups need the node's own embedded database with"
          + " WAL archiving (symphony.persistence.embedded.wal-archive.enabled): none are taken");
      return Optional.empty();
    }
    Config restart = config.getConfig("symphony.node.guardian.restart");
    Plan plan = new Plan(db, dataDir, settings.directory(dataDir), database.walArchive().directory(dataDir), settings,
        settings.interval().get(), blocking, clock);
    return Optional.of(new GuardedChild("scheduled-backups", create(plan),
        new ChildStrategy.RestartWithBackoff(restart.getDuration("min-backoff"), restart.getDuration("max-backoff"),
            restart.getDouble("random-factor"))));
  }

  private static Behavior<Command> create(Plan plan) {
    return Behaviors.setup(ctx -> Behaviors.withTimers(timers -> {
      timers.startSingleTimer(Take.INSTANCE, firstDelay(plan));
      return idle(plan, ctx, timers);
    }));
  }

  /** None yet, or the newest older than the interval: now; else when the newest is an interval old. */
  private static Duration firstDelay(Plan plan) {
    try {
      Optional<BackupManifest> newest = BackupCatalog.read(plan.backupsDir()).newest();
      if (newest.isEmpty()) return Duration.ZERO;
      Duration age = Duration.between(newest.get().stoppedAt(), plan.clock().instant());
      Duration left = plan.interval().minus(age);
      return left.isNegative() ? Duration.ZERO : left;
    } catch (java.io.IOException e) {
      LOG.warn("cannot read the base backups in {} ({}): taking one now", plan.backupsDir(), e.getMessage());
      return Duration.ZERO;
    }
  }

  private static Behavior<Command> idle(Plan plan, ActorContext<Command> ctx, TimerScheduler<Command> timers) {
    return Behaviors.receive(Command.class)
        .onMessage(Take.class, t -> {
          ctx.pipeToSelf(CompletableFuture.supplyAsync(() -> takeAndPrune(plan), plan.blocking()),
              (done, error) -> done != null ? done : new Finished(Optional.empty(), Optional.empty(), Optional.of(error)));
          return taking(plan, ctx, timers);
        })
        .build();
  }

  private static Behavior<Command> taking(Plan plan, ActorContext<Command> ctx, TimerScheduler<Command> timers) {
    return Behaviors.receive(Command.class)
        .onMessage(Take.class, t -> Behaviors.same()) // one at a time
        .onMessage(Finished.class, f -> {
          Duration next = plan.interval();
          if (f.failure().isPresent()) {
            next = plan.settings().retryAfter().compareTo(next) < 0 ? plan.settings().retryAfter() : next;
            LOG.error("scheduled base backup into {} failed (next attempt in {}): {}", plan.backupsDir(), next, f.failure().get().toString());
          }
          f.taken().ifPresent(m -> LOG.info("scheduled base backup {} in {}: {} files, {} bytes", m.label(), m.directory(), m.files(), m.bytes()));
          f.pruned().filter(p -> !p.backupsDeleted().isEmpty() || !p.walFilesDeleted().isEmpty())
              .ifPresent(p -> LOG.info("backup retention: deleted {} base backups and {} archived WAL files", p.backupsDeleted().size(),
                  p.walFilesDeleted().size()));
          timers.startSingleTimer(Take.INSTANCE, next);
          return idle(plan, ctx, timers);
        })
        .build();
  }

  private static Finished takeAndPrune(Plan plan) {
    try (Connection c = plan.db().ownerDataSource().getConnection()) {
      BackupManifest m = Backups.takeInto(c, plan.dataDir(), plan.backupsDir(), plan.clock(), plan.settings().archiveWaitTimeout());
      var pruned = BackupRetention.prune(plan.backupsDir(), plan.archiveDir(), plan.settings().keep());
      return new Finished(Optional.of(m), Optional.of(pruned), Optional.empty());
    } catch (Exception e) {
      return new Finished(Optional.empty(), Optional.empty(), Optional.of(e));
    }
  }
}
