package org.symphony.engine.instruction;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import org.apache.pekko.actor.typed.ActorRef;
import org.symphony.engine.participant.ParticipantCommand.SequenceReply;
import org.symphony.engine.rail.RailResult;
import org.symphony.engine.serialization.CborSerializable;

/** Messages an InstructionEntity understands: the public ones first, then its own internal ones. */
public sealed interface InstructionCommand extends CborSerializable {

  /** Create the instruction, or replay the outcome of the one with the same id. */
  record Submit(Submission submission, ActorRef<SubmitReply> replyTo) implements InstructionCommand {}

  record Get(ActorRef<GetReply> replyTo) implements InstructionCommand {}

  /**
   * Starts the entity; its recovery then drives a non-terminal instruction on. participantId is set when
   * the participant's sweep sends it (null otherwise), so a never-accepted instruction can report back.
   */
  record Wake(String participantId) implements InstructionCommand {}

  /**
   * The rail announced news about this instruction (a callback). Only a hint: the instruction asks the
   * rail by its key at once rather than trusting the callback's body, so whichever comes first, callback
   * or poll, decides, and the other finds a terminal instruction and does nothing.
   */
  record RailCallback() implements InstructionCommand {}

  /**
   * The reconciliation worker found this instruction stuck (no progress past its bound): ask the rail by the
   * rail key now, then carry on as the answer says. Harmless for an instruction that is not stuck.
   */
  record Nudge() implements InstructionCommand {}

  /**
   * Two operators decided the outcome of an instruction the engine could not finish (UNKNOWN_OUTCOME), or
   * confirmed a dead-lettered failure. Applied only in those states; anything else is NotResolvable.
   */
  record Resolve(
      ManualResolution resolution,
      String railReference,
      String proposedBy,
      String approvedBy,
      String reason,
      String evidence,
      ActorRef<ResolveReply> replyTo)
      implements InstructionCommand {}

  /** Internal: the participant's sequencer answered (answer null when it could not be reached). */
  record SequencerAnswered(Submission submission, ActorRef<SubmitReply> replyTo, SequenceReply answer, String failure)
      implements InstructionCommand {}

  /** Internal: send to the rail now. */
  record SendToRail() implements InstructionCommand {}

  /** Internal: what the rail said, for the given attempt. */
  record RailAnswered(int attempt, RailResult result) implements InstructionCommand {}

  /** Internal: time to ask the rail about the transfer again. */
  record QueryRail(int attempt) implements InstructionCommand {}

  /**
   * Internal: the dispatch of this attempt never left the node (its own connection limit to the rail was reached),
   * so the rail knows nothing of it.
   */
  record DispatchNotSent(int attempt, String reason) implements InstructionCommand {}

  /** Internal: time to make the unsent dispatch of this attempt again, under the same rail key. */
  record SendAgain(int attempt) implements InstructionCommand {}

  /** Internal: a terminal (or never accepted) instruction has lingered long enough; leave memory. */
  record Linger() implements InstructionCommand {}

  /** Internal: after a crash or restart, find out where the instruction stands and carry on. */
  record Resume() implements InstructionCommand {}

  @JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
  @JsonSubTypes({
    @JsonSubTypes.Type(value = GetReply.Found.class, name = "found"),
    @JsonSubTypes.Type(value = GetReply.NotFound.class, name = "not-found")
  })
  sealed interface GetReply extends CborSerializable {
    record Found(InstructionView instruction) implements GetReply {}

    record NotFound() implements GetReply {}
  }
}
