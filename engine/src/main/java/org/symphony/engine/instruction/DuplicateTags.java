package org.symphony.engine.instruction;

/**
 * Journal tags of {@link InstructionEvent.DuplicateReceived}, the source of the duplicate totals:
 * duplicate_requests = DUPLICATE, duplicates_blocked = DUPLICATE (each was kept from executing again:
 * REPLAYED + KEY_REUSED), terminal_reentry_attempts = TERMINAL_REENTRY.
 */
public final class DuplicateTags {

  public static final String DUPLICATE = "duplicate";
  public static final String REPLAYED = "duplicate-replayed";
  public static final String KEY_REUSED = "duplicate-key-reused";
  public static final String TERMINAL_REENTRY = "duplicate-terminal-reentry";

  private DuplicateTags() {}
}
