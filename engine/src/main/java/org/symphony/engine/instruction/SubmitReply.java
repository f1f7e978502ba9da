package org.symphony.engine.instruction;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import org.symphony.engine.serialization.CborSerializable;

/** The engine's answer to a {@link Submission}. Domain outcomes are replies, never exceptions. */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
  @JsonSubTypes.Type(value = SubmitReply.Recorded.class, name = "recorded"),
  @JsonSubTypes.Type(value = SubmitReply.KeyReused.class, name = "key-reused"),
  @JsonSubTypes.Type(value = SubmitReply.Unavailable.class, name = "unavailable")
})
public sealed interface SubmitReply extends CborSerializable {

  /**
   * The instruction as recorded: freshly accepted (PENDING) or rejected by policy (REJECTED, with its
   * sequence id), or — when replay is true — the existing instruction answering a duplicate.
   */
  record Recorded(InstructionView instruction, boolean replay) implements SubmitReply {}

  /** Same Idempotency-Key, different body: nothing was done. */
  record KeyReused(String instructionId) implements SubmitReply {}

  /** The engine could not decide now (sequencer unreachable); nothing was accepted, the caller may retry. */
  record Unavailable(String reason) implements SubmitReply {}
}
