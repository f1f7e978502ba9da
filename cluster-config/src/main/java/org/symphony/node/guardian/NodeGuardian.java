package org.symphony.node.guardian;

import java.util.HashMap;
import java.util.Map;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.ChildFailed;
import org.apache.pekko.actor.typed.SupervisorStrategy;
import org.apache.pekko.actor.typed.Terminated;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's root behavior: every long-lived part of the node is one of its children, started with an explicit
 * strategy ({@link ChildStrategy}). The parts and their strategies are listed in {@code NodeParts}; this file is
 * only the mechanism:
 *
 * <ul>
 *   <li>{@link ChildStrategy.RestartWithBackoff}: the child restarts alone after a growing pause (Pekko's backoff
 *       supervisor); the node keeps serving what does not depend on it, and readiness says which part is missing.
 *   <li>{@link ChildStrategy.StopNode}: the child is watched; when it fails, the guardian logs one line naming the
 *       child, the reason it is unsafe to continue and the cause, and stops the node.
 * </ul>
 *
 * Children are added with {@link Spawn} as the node starts, in dependency order.
 */
public final class NodeGuardian {

  private static final Logger LOG = LoggerFactory.getLogger(NodeGuardian.class);

  public sealed interface Command {}

  /** Start {@code child}; its reference is sent to {@code replyTo}. */
  public record Spawn(GuardedChild child, ActorRef<ActorRef<?>> replyTo) implements Command {}

  private NodeGuardian() {}

  public static Behavior<Command> create(NodeStopper stopper) {
    return Behaviors.setup(context -> running(context, stopper, new HashMap<>()));
  }

  private static Behavior<Command> running(
      ActorContext<Command> context, NodeStopper stopper, Map<ActorRef<?>, GuardedChild> unsafeToLose) {
    return Behaviors.receive(Command.class)
        .onMessage(Spawn.class, spawn -> {
          GuardedChild child = spawn.child();
          ActorRef<?> ref = context.spawn(supervised(child), child.name());
          if (child.strategy() instanceof ChildStrategy.StopNode) {
            context.watch(ref);
            unsafeToLose.put(ref, child);
          }
          spawn.replyTo().tell(ref);
          return Behaviors.same();
        })
        .onSignal(ChildFailed.class, failed -> lost(context, failed.getRef(), failed.getCause(), unsafeToLose, stopper))
        .onSignal(Terminated.class, stopped -> lost(context, stopped.getRef(), null, unsafeToLose, stopper))
        .build();
  }

  private static Behavior<Command> lost(
      ActorContext<Command> context, ActorRef<?> ref, Throwable cause, Map<ActorRef<?>, GuardedChild> unsafeToLose,
      NodeStopper stopper) {
    GuardedChild child = unsafeToLose.remove(ref);
    if (child == null) return Behaviors.same();
    String why = ((ChildStrategy.StopNode) child.strategy()).why();
    String reason = "node part '" + child.name() + "' " + (cause == null ? "stopped" : "failed: " + cause.getMessage())
        + "; stopping the node because " + why;
    LOG.error("{}", reason, cause);
    stopper.stop(context.getSystem(), reason);
    return Behaviors.same();
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static Behavior<?> supervised(GuardedChild child) {
    Behavior behavior = child.behavior();
    if (child.strategy() instanceof ChildStrategy.RestartWithBackoff r)
      return Behaviors.supervise(behavior)
          .onFailure(SupervisorStrategy.restartWithBackoff(r.minBackoff(), r.maxBackoff(), r.randomFactor()));
    return Behaviors.supervise(behavior).onFailure(SupervisorStrategy.stop()); // StopNode: the watch does the rest
  }
}
