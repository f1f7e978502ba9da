package org.symphony.engine.participant;

import java.time.Instant;
import org.symphony.engine.money.Money;
import org.symphony.engine.serialization.CborSerializable;

/** Facts about a participant's sequence, positions and policy. */
public sealed interface ParticipantEvent extends CborSerializable {

  /** Both outcomes of sequencing consume the next id: a refused instruction is still numbered (INV-SEQ). */
  sealed interface Numbered extends ParticipantEvent {
    long sequenceId();

    String instructionId();
  }

  /** Numbered and within policy: the amount is reserved until the instruction settles. */
  record InstructionSequenced(long sequenceId, String instructionId, Money amount, Instant at) implements Numbered {}

  /** Numbered and refused by policy; nothing reserved. */
  record InstructionRefused(long sequenceId, String instructionId, Money amount, String code, String detail, Instant at)
      implements Numbered {}

  /**
   * A number handed out to an instruction that never recorded its acceptance (crash between sequencing
   * and acceptance, and no retry within the grace): closed, reservation released, the reason kept.
   */
  record SequenceVoided(long sequenceId, String instructionId, Money amount, String reason, String detail, Instant at)
      implements ParticipantEvent {}

  /** The instruction reached a terminal state: reservation committed (SUCCEEDED) or released (FAILED). */
  record InstructionSettled(String instructionId, Outcome outcome, Money amount, Instant at) implements ParticipantEvent {}

  /**
   * An operator changed the participant's policy: who, when, why, and the policy before and after. Each
   * change raises the policy version by one, which makes tokens carrying an older version fail.
   */
  sealed interface PolicyChanged extends ParticipantEvent {
    String by();

    String reason();

    PolicySnapshot before();

    PolicySnapshot after();

    Instant at();
  }

  /** The kill-switch was thrown: new instructions are refused PARTICIPANT_SUSPENDED. */
  record Suspended(String by, String reason, PolicySnapshot before, PolicySnapshot after, Instant at)
      implements PolicyChanged {}

  /** The kill-switch was released. */
  record Reinstated(String by, String reason, PolicySnapshot before, PolicySnapshot after, Instant at)
      implements PolicyChanged {}

  /** @param reason may be null: a routine limit change need not explain itself */
  record LimitsChanged(String by, String reason, PolicySnapshot before, PolicySnapshot after, Instant at)
      implements PolicyChanged {}
}
