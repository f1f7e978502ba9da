package org.symphony.node.metrics;

import org.symphony.engine.instruction.InstructionEntity;
import org.symphony.engine.instruction.InstructionEvent;

/** What a committed instruction event means for the KPIs: which state was entered, and retries, duplicates, DLQ. */
final class InstructionEventMeter {

  private InstructionEventMeter() {}

  static void record(Object event) {
    if (event instanceof InstructionEvent.Accepted) state("PENDING");
    else if (event instanceof InstructionEvent.Rejected) state("REJECTED");
    else if (event instanceof InstructionEvent.DispatchStarted d) {
      state("IN_FLIGHT");
      if (d.attempt() > 1) Instruments.counter(Instruments.RETRIES, "rail", d.railId());
    } else if (event instanceof InstructionEvent.DispatchUncertain) state("RECOVERING");
    else if (event instanceof InstructionEvent.DispatchConfirmed) state("IN_FLIGHT");
    else if (event instanceof InstructionEvent.Succeeded) state("SUCCEEDED");
    else if (event instanceof InstructionEvent.Failed f) {
      state("FAILED");
      if (InstructionEntity.DLQ.equals(f.code())) Instruments.counter(Instruments.DLQ_ENTERED, 1);
    } else if (event instanceof InstructionEvent.OutcomeDeclaredUnknown) state("UNKNOWN_OUTCOME");
    else if (event instanceof InstructionEvent.DuplicateReceived d)
      Instruments.counter(Instruments.DUPLICATES_BLOCKED, "kind", d.sameBody() ? "replayed" : "key_reused");
  }

  private static void state(String state) {
    Instruments.counter(Instruments.INSTRUCTION_STATES, "state", state);
  }
}
