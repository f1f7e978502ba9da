package org.symphony.engine.participant;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import scala.collection.immutable.HashMap;
import scala.collection.immutable.HashMap$;

/**
 * The participant's non-terminal instructions by id. A persistent (structurally shared) map, because
 * the busiest participant adds and removes one entry per event and copying a Java map each time would
 * make every event cost O(open instructions).
 */
public final class OpenInstructions {

  private static final OpenInstructions EMPTY = new OpenInstructions(HashMap$.MODULE$.empty());

  private final HashMap<String, OpenInstruction> byId;

  private OpenInstructions(HashMap<String, OpenInstruction> byId) {
    this.byId = byId;
  }

  public static OpenInstructions empty() {
    return EMPTY;
  }

  @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
  static OpenInstructions fromList(List<OpenInstruction> list) {
    OpenInstructions result = EMPTY;
    for (OpenInstruction o : list) result = result.with(o);
    return result;
  }

  @JsonValue
  public List<OpenInstruction> toList() {
    List<OpenInstruction> list = new ArrayList<>(byId.size());
    byId.valuesIterator().foreach(list::add);
    list.sort((a, b) -> Long.compare(a.sequenceId(), b.sequenceId()));
    return list;
  }

  public Optional<OpenInstruction> get(String instructionId) {
    scala.Option<OpenInstruction> o = byId.get(instructionId);
    return o.isDefined() ? Optional.of(o.get()) : Optional.empty();
  }

  /**
   * The open instruction holding this number, if any. A scan without copying: asked only for a sequence hole (rare,
   * and paced by the reconciliation worker), so not worth a second index updated on every event.
   */
  public Optional<OpenInstruction> bySequenceId(long sequenceId) {
    scala.Option<OpenInstruction> o = byId.valuesIterator().find(i -> i.sequenceId() == sequenceId);
    return o.isDefined() ? Optional.of(o.get()) : Optional.empty();
  }

  public OpenInstructions with(OpenInstruction o) {
    return new OpenInstructions(byId.updated(o.instructionId(), o));
  }

  public OpenInstructions without(String instructionId) {
    return new OpenInstructions(byId.removed(instructionId));
  }

  public int size() {
    return byId.size();
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof OpenInstructions o && o.byId.equals(byId);
  }

  @Override
  public int hashCode() {
    return byId.hashCode();
  }

  @Override
  public String toString() {
    return "OpenInstructions" + toList();
  }
}
