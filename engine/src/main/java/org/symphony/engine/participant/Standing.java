package org.symphony.engine.participant;

/** The kill-switch: a SUSPENDED participant's new instructions are refused where they are sequenced. */
public enum Standing {
  ACTIVE,
  SUSPENDED
}
