package org.symphony.node.guardian;

import org.apache.pekko.actor.typed.ActorSystem;

/** Stops the whole node (coordinated shutdown) when a child whose failure is unsafe has failed. */
@FunctionalInterface
public interface NodeStopper {
  /** @param system the guardian's own actor system: the node to stop */
  void stop(ActorSystem<?> system, String reason);
}
