package org.symphony.node.guardian;

/** Stops the whole node (coordinated shutdown) when a child whose failure is unsafe has failed. */
@FunctionalInterface
public interface NodeStopper {
  void stop(String reason);
}
