package org.symphony.node.guardian;

import org.apache.pekko.actor.typed.Behavior;

/** One long-lived part of the node, as the guardian starts it: a name (its actor name), its behavior, its strategy. */
public record GuardedChild(String name, Behavior<?> behavior, ChildStrategy strategy) {}
