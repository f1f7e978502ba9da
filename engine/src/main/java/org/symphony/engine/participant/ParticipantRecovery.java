package org.symphony.engine.participant;

import java.time.Duration;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.Done;
import org.apache.pekko.NotUsed;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.stream.javadsl.Source;

/**
 * Crash recovery driver: at node start, wake every participant found in the journal. Each participant's
 * recovery wakes its open instructions, and each instruction's recovery drives it on. Nobody has to call
 * an instruction for it to reach a terminal state after a crash.
 */
public final class ParticipantRecovery {

  /** The persistence id prefix of participants. */
  public static final String PREFIX = ParticipantEntity.ENTITY_KEY.name() + "|";

  private ParticipantRecovery() {}

  /**
   * @param persistenceIds the journal's persistence ids (e.g. a read journal's currentPersistenceIds())
   * @param perSecond pace, so a large recovery does not flood the journal
   */
  public static CompletionStage<Done> wakeAll(
      ActorSystem<?> system, Source<String, NotUsed> persistenceIds, ParticipantDirectory participants, int perSecond) {
    return persistenceIds
        .filter(id -> id.startsWith(PREFIX))
        .map(id -> id.substring(PREFIX.length()))
        .throttle(perSecond, Duration.ofSeconds(1))
        .runForeach(id -> participants.participant(id).tell(new ParticipantCommand.WakeUp()), system);
  }
}
