package org.symphony.engine.rail;

import java.util.concurrent.CompletionStage;

/**
 * The engine's port to a payment rail. Implementations live in the rails module and speak the rail's
 * real protocol. Both calls must complete (never hang: adapters bound them with timeouts) and must not
 * fail the stage for protocol problems; those are {@link RailResult.Unknown}.
 */
public interface Rail {

  /** Stable id recorded in events, e.g. "mtn-momo". */
  String id();

  /** Ask the rail to execute; idempotent per {@link RailTransfer#railKey()} at the rail. */
  CompletionStage<RailResult> dispatch(RailTransfer transfer);

  /** Ask the rail what became of the transfer with this key. */
  CompletionStage<RailResult> status(RailKey railKey);

  /**
   * False while the rail is known to be failing (its circuit is open): a send now would be refused
   * without leaving, so the engine waits instead of spending one of its bounded attempts.
   */
  default boolean acceptsCalls() {
    return true;
  }

  /**
   * How long the rail typically takes to reach a final status after it took a transfer: the first status
   * query waits that long (a callback usually comes first and makes the instruction ask at once). Zero: the
   * engine's own poll cadence from the start.
   */
  default java.time.Duration firstStatusQueryAfter() {
    return java.time.Duration.ZERO;
  }
}
