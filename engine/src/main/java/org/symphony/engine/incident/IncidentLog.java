package org.symphony.engine.incident;

/**
 * Where the engine reports what an operator must look at (an instruction sent to the DLQ, an outcome
 * declared unknown). The node writes these to the audit incident table; recording must not block and must
 * not fail the caller: the instruction's own events remain the record of truth.
 */
@FunctionalInterface
public interface IncidentLog {

  IncidentLog NONE = (kind, participantId, instructionId, detail) -> {};

  void record(String kind, String participantId, String instructionId, String detail);
}
