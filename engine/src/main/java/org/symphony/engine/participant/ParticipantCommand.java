package org.symphony.engine.participant;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import org.apache.pekko.actor.typed.ActorRef;
import org.symphony.engine.money.Money;
import org.symphony.engine.serialization.CborSerializable;

/** Messages a ParticipantEntity understands. */
public sealed interface ParticipantCommand extends CborSerializable {

  /**
   * Give this instruction its sequence id and decide policy. Idempotent per instruction id while the
   * instruction is open: asking again returns the same id.
   */
  record Sequence(String instructionId, Money amount, Refusal refusal, java.time.Instant numberBy, ActorRef<SequenceReply> replyTo)
      implements ParticipantCommand {
    /** A request that passed the instruction's own checks, with no deadline (tests and direct calls). */
    public Sequence(String instructionId, Money amount, ActorRef<SequenceReply> replyTo) {
      this(instructionId, amount, null, null, replyTo);
    }

    /** With no deadline. */
    public Sequence(String instructionId, Money amount, Refusal refusal, ActorRef<SequenceReply> replyTo) {
      this(instructionId, amount, refusal, null, replyTo);
    }

    /**
     * Past numberBy (null: no deadline) the asker has, or is about to have, stopped waiting: numbering it now would
     * leave a hole until the number is voided.
     */
    boolean tooLateAt(java.time.Instant now) {
      return numberBy != null && now.isAfter(numberBy);
    }
  }

  /**
   * A refusal the instruction already knows of (e.g. no connected rail): the number is still handed out
   * by the single writer, as a numbered refusal, so REJECTED instructions keep gapless ids (INV-SEQ).
   */
  record Refusal(String code, String detail) implements CborSerializable {}

  /** Delivered at least once when an instruction ends; applied once. */
  record Settle(String instructionId, Outcome outcome) implements ParticipantCommand {}

  /** From an instruction that holds no acceptance: close its number as VOID once the retry grace passed. */
  record VoidIfNeverAccepted(String instructionId) implements ParticipantCommand {}

  /**
   * The reconciliation worker found this sequence id with no instruction: wake the instruction that holds it, so
   * that one which never recorded its acceptance reports back and the number is closed as VOID (INV-SEQ).
   */
  record CloseSequenceHole(long sequenceId) implements ParticipantCommand {}

  /** Throw the kill-switch. Suspending a suspended participant changes nothing and replies the current view. */
  record Suspend(String by, String reason, ActorRef<ParticipantView> replyTo) implements ParticipantCommand {}

  /** Release the kill-switch. Reinstating an active participant changes nothing and replies the current view. */
  record Reinstate(String by, String reason, ActorRef<ParticipantView> replyTo) implements ParticipantCommand {
    public Reinstate(String by, ActorRef<ParticipantView> replyTo) {
      this(by, null, replyTo);
    }
  }

  /**
   * Replace the limit profile. Invalid limits are refused with every problem listed; limits identical
   * to the current ones change nothing (no new policy version).
   */
  record ChangeLimits(LimitProfile limits, String by, String reason, ActorRef<LimitsReply> replyTo)
      implements ParticipantCommand {}

  record GetPosition(ActorRef<ParticipantView> replyTo) implements ParticipantCommand {}

  /** Starts the entity (and so its recovery, which wakes its open instructions); otherwise does nothing. */
  record WakeUp() implements ParticipantCommand {}

  /** Internal: persist everything sequenced or settled since the last flush in one write. */
  record FlushQueued() implements ParticipantCommand {}

  /** Internal, periodic: wake all open instructions, in slices. */
  record SweepOpenInstructions() implements ParticipantCommand {}

  /** Internal: wake the next slice of open instructions after recovery. */
  record WakeOpenInstructions(int from) implements ParticipantCommand {}

  @JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
  @JsonSubTypes({
    @JsonSubTypes.Type(value = LimitsReply.Applied.class, name = "applied"),
    @JsonSubTypes.Type(value = LimitsReply.Invalid.class, name = "invalid")
  })
  sealed interface LimitsReply extends CborSerializable {
    ParticipantView view();

    /** The limits are in force (or already were); the view shows them. */
    record Applied(ParticipantView view) implements LimitsReply {}

    /** Nothing changed: the limits were refused for these problems. */
    record Invalid(java.util.List<String> problems, ParticipantView view) implements LimitsReply {}
  }

  @JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
  @JsonSubTypes({
    @JsonSubTypes.Type(value = SequenceReply.Sequenced.class, name = "sequenced"),
    @JsonSubTypes.Type(value = SequenceReply.Refused.class, name = "refused"),
    @JsonSubTypes.Type(value = SequenceReply.NotNumbered.class, name = "not-numbered")
  })
  sealed interface SequenceReply extends CborSerializable {

    /** The instruction holds this number now: it must record an outcome under it (or it is voided; INV-SEQ). */
    sealed interface WithNumber extends SequenceReply {
      long sequenceId();
    }

    /** The number is the instruction's, accepted by policy. */
    record Sequenced(long sequenceId) implements WithNumber {}

    /** The number is the instruction's, refused by policy (a numbered refusal keeps REJECTED ids gapless). */
    record Refused(long sequenceId, String code, String detail) implements WithNumber {}

    /**
     * Not numbered now: the request reached its turn after its deadline, or the participant holds its maximum of open
     * instructions. Nothing was written; the client may retry.
     */
    record NotNumbered(String detail) implements SequenceReply {}
  }
}
