package org.symphony.rails.sim;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.pekko.Done;
import org.apache.pekko.http.javadsl.ServerBinding;
import org.symphony.engine.rail.RailSimulators;

/** A rail simulator serving HTTP. {@link #stop()} releases its port and its data files. */
public final class RunningSimulator implements RailSimulators.Simulator {

  private static final Duration DRAIN = Duration.ofSeconds(3);

  private final String rail;
  private final ServerBinding binding;
  private final AutoCloseable resources;
  private final Executor blocking;
  private final AtomicReference<CompletionStage<Done>> stopped = new AtomicReference<>();

  public RunningSimulator(String rail, ServerBinding binding, AutoCloseable resources, Executor blocking) {
    this.rail = rail;
    this.binding = binding;
    this.resources = resources;
    this.blocking = blocking;
  }

  /** The rail this simulates, e.g. "mtn-momo". */
  @Override
  public String rail() {
    return rail;
  }

  public String host() {
    return binding.localAddress().getHostString();
  }

  /** The bound port (the actual one when the settings asked for port 0). */
  public int port() {
    return binding.localAddress().getPort();
  }

  @Override
  public String baseUrl() {
    return "http://" + host() + ":" + port();
  }

  /** Stops accepting new connections; requests on open connections are still served. */
  public CompletionStage<Done> unbind() {
    return binding.unbind();
  }

  /** Closes all connections (after at most a short drain), then flushes and releases the ledger. Idempotent. */
  @Override
  public CompletionStage<Done> stop() {
    CompletableFuture<Done> mine = new CompletableFuture<>();
    if (!stopped.compareAndSet(null, mine)) return stopped.get();
    binding
        .terminate(DRAIN)
        .handle((terminated, error) -> null) // close the ledger whether or not the drain went cleanly
        .thenRunAsync(
            () -> {
              try {
                resources.close();
                mine.complete(Done.getInstance());
              } catch (Exception e) {
                mine.completeExceptionally(e);
              }
            },
            blocking);
    return mine;
  }
}
