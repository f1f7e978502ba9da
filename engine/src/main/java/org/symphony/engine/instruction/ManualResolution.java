package org.symphony.engine.instruction;

/** What two operators may decide about an instruction the engine could not finish by itself. */
public enum ManualResolution {
  /** The rail executed the transfer (its reference or statement line is the evidence): reservation committed. */
  SUCCEEDED,
  /** The rail did not execute it: reservation released (or, for a dead-lettered one, the failure confirmed). */
  FAILED
}
