package org.symphony.audit.attest;

import java.time.Duration;

/**
 * The wall clock stayed behind the last attestation id's time for longer than the tolerance, so no id could be
 * issued without breaking monotonicity (fail closed; an incident is recorded).
 */
public final class ClockWentBackwards extends AttestationUnavailable {

  private final Duration behind;

  public ClockWentBackwards(Duration behind, Duration tolerance) {
    super(Reason.CLOCK_WENT_BACKWARDS, "clock is " + behind.toMillis() + " ms behind the last attestation id, "
        + "did not catch up within " + tolerance.toMillis() + " ms");
    this.behind = behind;
  }

  /** How far behind the clock still was when waiting gave up. */
  public Duration behind() {
    return behind;
  }
}
