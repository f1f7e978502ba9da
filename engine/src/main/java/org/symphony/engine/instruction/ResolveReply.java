package org.symphony.engine.instruction;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import org.symphony.engine.serialization.CborSerializable;

/** The answer to a four-eyes resolution. */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
  @JsonSubTypes.Type(value = ResolveReply.Resolved.class, name = "resolved"),
  @JsonSubTypes.Type(value = ResolveReply.NotResolvable.class, name = "not-resolvable")
})
public sealed interface ResolveReply extends CborSerializable {

  /** Journaled; the view shows the instruction's state after it. */
  record Resolved(InstructionView instruction) implements ResolveReply {}

  /** Nothing journaled: the instruction is not in a state this resolution applies to (status null: no such instruction). */
  record NotResolvable(InstructionStatus status, String detail) implements ResolveReply {}
}
