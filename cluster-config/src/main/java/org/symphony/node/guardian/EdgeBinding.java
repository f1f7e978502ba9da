package org.symphony.node.guardian;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.PostStop;
import org.apache.pekko.actor.typed.PreRestart;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.http.javadsl.ServerBinding;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP edge's binding as a child of the guardian: binds, marks the edge bound for readiness, and unbinds when it
 * stops. A bind that fails (the port taken, the address missing) fails this child, which its strategy restarts with
 * backoff; until then readiness stays false, so no load balancer sends traffic to a closed port.
 */
public final class EdgeBinding {

  private static final Logger LOG = LoggerFactory.getLogger(EdgeBinding.class);

  sealed interface Command {}

  private record Bound(ServerBinding binding) implements Command {}

  private record BindFailed(Throwable cause) implements Command {}

  /** Thrown to the supervisor when the bind failed: the child restarts with backoff. */
  public static final class BindFailure extends RuntimeException {
    BindFailure(Throwable cause) {
      super("the http edge could not bind: " + cause.getMessage(), cause);
    }
  }

  private EdgeBinding() {}

  /**
   * @param bind      binds the edge (called again at each restart)
   * @param firstBound completed with the first binding (the node's start waits for it)
   */
  public static Behavior<?> create(
      Supplier<CompletionStage<ServerBinding>> bind, NodeHealth health, CompletableFuture<ServerBinding> firstBound) {
    return Behaviors.<Command>setup(context -> {
      context.pipeToSelf(bind.get(), (binding, failure) -> failure == null ? new Bound(binding) : new BindFailed(failure));
      return Behaviors.receive(Command.class)
          .onMessage(Bound.class, bound -> {
            health.edgeAddress(bound.binding().localAddress());
            health.edgeBound(true);
            firstBound.complete(bound.binding());
            return bound(bound.binding(), health);
          })
          .onMessage(BindFailed.class, failed -> {
            LOG.warn("http edge could not bind ({}); retrying with backoff, readiness stays false", failed.cause().getMessage());
            throw new BindFailure(failed.cause());
          })
          .build();
    });
  }

  private static Behavior<Command> bound(ServerBinding binding, NodeHealth health) {
    return Behaviors.receive(Command.class)
        .onSignal(PostStop.class, stop -> unbind(binding, health))
        .onSignal(PreRestart.class, restart -> unbind(binding, health))
        .build();
  }

  private static Behavior<Command> unbind(ServerBinding binding, NodeHealth health) {
    health.edgeBound(false);
    binding.unbind();
    return Behaviors.same();
  }
}
