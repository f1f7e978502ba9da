package org.symphony.audit.readmodel;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import javax.sql.DataSource;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.cluster.sharding.typed.ShardedDaemonProcessSettings;
import org.apache.pekko.cluster.sharding.typed.javadsl.ShardedDaemonProcess;
import org.apache.pekko.persistence.jdbc.query.javadsl.JdbcReadJournal;
import org.apache.pekko.persistence.query.Offset;
import org.apache.pekko.projection.ProjectionBehavior;
import org.apache.pekko.projection.ProjectionId;
import org.apache.pekko.projection.eventsourced.EventEnvelope;
import org.apache.pekko.projection.eventsourced.javadsl.EventSourcedProvider;
import org.apache.pekko.projection.javadsl.GroupedProjection;
import org.apache.pekko.projection.javadsl.ProjectionManagement;
import org.apache.pekko.projection.javadsl.SourceProvider;
import org.apache.pekko.projection.jdbc.javadsl.JdbcProjection;
import org.symphony.engine.instruction.InstructionEvent;
import org.symphony.engine.instruction.InstructionTags;

/**
 * The instruction read model (status, sequence index, rail-key index, double-entry ledger): one
 * projection per instruction slice tag, each run once in the cluster as a sharded daemon, so a node
 * that leaves hands its slices to another.
 */
public final class ReadModelProjection {

  public static final String NAME = "instruction-read-model";
  /** Group size and wait, restart backoff: symphony.audit.read-model in reference.conf. */
  static final String SETTINGS = "symphony.audit.read-model";

  private ReadModelProjection() {}

  public static void init(ActorSystem<?> system, DataSource dataSource, ProjectionLag lag) {
    List<String> tags = InstructionTags.all();
    ShardedDaemonProcess.get(system)
        .init(
            ProjectionBehavior.Command.class,
            NAME,
            tags.size(),
            i -> ProjectionBehavior.create(projection(system, dataSource, tags.get(i), lag)),
            ShardedDaemonProcessSettings.create(system),
            Optional.of(ProjectionBehavior.stopMessage()));
  }

  static GroupedProjection<Offset, EventEnvelope<InstructionEvent>> projection(
      ActorSystem<?> system, DataSource dataSource, String tag, ProjectionLag lag) {
    SourceProvider<Offset, EventEnvelope<InstructionEvent>> source =
        EventSourcedProvider.eventsByTag(system, JdbcReadJournal.Identifier(), tag);
    return JdbcProjection.groupedWithin(
            idOf(tag), source, () -> new DataSourceJdbcSession(dataSource), () -> new InstructionReadModelHandler(tag, lag), system)
        .withGroup(settings(system).getInt("group-size"), settings(system).getDuration("group-within"))
        .withRestartBackoff(
            settings(system).getDuration("restart-min-backoff"),
            settings(system).getDuration("restart-max-backoff"),
            settings(system).getDouble("restart-random-factor"));
  }

  private static com.typesafe.config.Config settings(ActorSystem<?> system) {
    return system.settings().config().getConfig(SETTINGS);
  }

  public static ProjectionId idOf(String tag) {
    return ProjectionId.of(NAME, tag);
  }

  /**
   * Rebuild from the journal: pause every slice, empty the read model, clear the offsets, resume. The
   * projections then replay every instruction event; the result must equal what was there (INV-LEDGER).
   */
  public static CompletionStage<Done> rebuild(ActorSystem<?> system, ReadModelQueries readModel) {
    ProjectionManagement management = ProjectionManagement.get(system);
    List<ProjectionId> ids = InstructionTags.all().stream().map(ReadModelProjection::idOf).toList();
    return all(ids.stream().map(management::pause).toList())
        .thenCompose(paused -> readModel.truncate())
        .thenCompose(emptied -> all(ids.stream().map(management::clearOffset).toList()))
        .thenCompose(cleared -> all(ids.stream().map(management::resume).toList()));
  }

  private static CompletionStage<Done> all(List<CompletionStage<Done>> stages) {
    return CompletableFuture.allOf(stages.stream().map(CompletionStage::toCompletableFuture).toArray(CompletableFuture[]::new))
        .thenApply(ignored -> Done.getInstance());
  }
}
