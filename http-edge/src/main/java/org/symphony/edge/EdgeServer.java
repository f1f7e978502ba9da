package org.symphony.edge;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.Done;
import org.apache.pekko.actor.CoordinatedShutdown;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.http.javadsl.Http;
import org.apache.pekko.http.javadsl.ServerBinding;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.http.javadsl.settings.ServerSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.symphony.edge.problem.Problem;
import org.symphony.edge.problem.ProblemCode;
import org.symphony.edge.problem.ProblemJson;
import org.symphony.edge.problem.ProblemParsingErrorHandler;
import org.symphony.edge.problem.Problems;

/** Binds the edge's route and ties the binding to the node's coordinated shutdown. */
public final class EdgeServer {

  private static final Logger log = LoggerFactory.getLogger(EdgeServer.class);

  /** Beyond the engine timeout, so that admitted submissions can still be answered while draining. */
  private static final Duration DRAIN_MARGIN = Duration.ofSeconds(2);

  private EdgeServer() {}

  public static CompletionStage<ServerBinding> start(ActorSystem<?> system, EdgeSettings settings, Route route) {
    ServerSettings serverSettings =
        ServerSettings.create(system.classicSystem())
            .withParsingErrorHandler(ProblemParsingErrorHandler.class.getName())
            // PeerAddress: token rate limits and unauthenticated refusal counts key on the TCP peer, never a header.
            .withRemoteAddressAttribute(true)
            .withTerminationDeadlineExceededResponse(
                ProblemJson.response(
                    Problem.of(ProblemCode.SHUTTING_DOWN, "this node is shutting down; retry on another"),
                    null,
                    null,
                    List.of(Problems.retryAfter(Duration.ofSeconds(1)))));
    return Http.get(system)
        .newServerAt(settings.host(), settings.port())
        .withSettings(serverSettings)
        .bind(route)
        .thenApply(
            binding -> {
              addToCoordinatedShutdown(system, binding, settings.engineTimeout().plus(DRAIN_MARGIN));
              log.info("http edge listening on {}", binding.localAddress());
              return binding;
            });
  }

  /**
   * Unbind first (no new connections), then let requests in progress finish within the deadline. The
   * node's pekko.coordinated-shutdown.phases.service-requests-done.timeout should exceed that deadline.
   */
  private static void addToCoordinatedShutdown(ActorSystem<?> system, ServerBinding binding, Duration deadline) {
    CoordinatedShutdown shutdown = CoordinatedShutdown.get(system);
    shutdown.addTask(CoordinatedShutdown.PhaseServiceUnbind(), "http-edge-unbind", binding::unbind);
    shutdown.addTask(
        CoordinatedShutdown.PhaseServiceRequestsDone(),
        "http-edge-drain",
        () -> {
          // Terminated already (e.g. by its owner): wait for that instead of issuing a second terminate.
          boolean terminating = binding.whenTerminationSignalIssued().toCompletableFuture().isDone();
          return (terminating ? binding.whenTerminated() : binding.terminate(deadline))
              .thenApply(terminated -> Done.done());
        });
  }
}
