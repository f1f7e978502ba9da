package org.symphony.engine.participant;

/** Starts an open instruction's entity so that it drives itself on (after a crash, or on the periodic sweep). */
@FunctionalInterface
public interface InstructionWaker {

  void wake(String participantId, String instructionId);
}
