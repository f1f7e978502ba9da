package org.symphony.edge.admin;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import org.symphony.engine.participant.LimitProfile;
import org.symphony.engine.participant.ParticipantCommand.LimitsReply;
import org.symphony.engine.participant.ParticipantEvent.PolicyChanged;
import org.symphony.engine.participant.ParticipantView;

/**
 * The operator's hold on participants. Every change goes to the ParticipantEntity, which records it as
 * an event (who, when, why, before, after) and raises the policy version. A participant this sandbox
 * does not know answers empty: an operator's typo never creates one.
 */
public interface ParticipantAdmin {

  CompletionStage<Optional<ParticipantView>> view(String participantId);

  CompletionStage<Optional<ParticipantView>> suspend(String participantId, String by, String reason);

  CompletionStage<Optional<ParticipantView>> resume(String participantId, String by, String reason);

  CompletionStage<Optional<LimitsReply>> changeLimits(String participantId, LimitProfile limits, String by, String reason);

  /** The participant's policy changes, newest first, at most limit. */
  CompletionStage<Optional<List<PolicyChanged>>> actions(String participantId, int limit);
}
