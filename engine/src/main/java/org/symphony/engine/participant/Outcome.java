package org.symphony.engine.participant;

/** How an accepted instruction ended, as far as the participant's position is concerned. */
public enum Outcome {
  /** Money moved: the reservation becomes committed outflow. */
  SUCCEEDED,
  /** Nothing moved: the reservation is released. */
  FAILED
}
