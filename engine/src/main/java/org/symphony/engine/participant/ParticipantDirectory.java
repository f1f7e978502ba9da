package org.symphony.engine.participant;

import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.RecipientRef;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;

/** Finds a participant's sequencer; over cluster sharding in the node, a probe in unit tests. */
@FunctionalInterface
public interface ParticipantDirectory {

  RecipientRef<ParticipantCommand> participant(String participantId);

  static ParticipantDirectory sharded(ActorSystem<?> system) {
    ClusterSharding sharding = ClusterSharding.get(system);
    return id -> sharding.entityRefFor(ParticipantEntity.ENTITY_KEY, id);
  }
}
