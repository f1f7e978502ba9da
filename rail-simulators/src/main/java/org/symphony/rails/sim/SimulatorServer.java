package org.symphony.rails.sim;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.function.Function;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.http.javadsl.Http;
import org.apache.pekko.http.javadsl.server.Route;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The simulators' kernel: opens a rail's durable strike ledger (replaying it) off the request threads, then serves the
 * rail's protocol over HTTP. A rail's simulator is the {@link Protocol} it plugs in: its ledger and its routes.
 */
public final class SimulatorServer {

  private static final Logger log = LoggerFactory.getLogger(SimulatorServer.class);

  /** What a rail's simulator plugs into the kernel. */
  public interface Protocol<L extends AutoCloseable> {
    /** Rail id, e.g. "mtn-momo". */
    String rail();

    /** Opens (and replays) the strike ledger; transfers still pending complete by {@code pendingCompleteBy} (epoch ms). */
    L openLedger(long pendingCompleteBy) throws IOException;

    /** The HTTP routes over the ledger: the rail's API and the simulator's own /sim routes. */
    Routes routes(L ledger);
  }

  /** A rail whose strikes are kept in a {@link StrikeLedger} file in its data directory. */
  public static <T> Protocol<StrikeLedger<T>> withStrikeLedger(
      String rail, Path ledgerFile, StrikeLedger.Format<T> format, int maxReferences,
      Function<StrikeLedger<T>, Routes> routes) {
    return new Protocol<>() {
      @Override
      public String rail() {
        return rail;
      }

      @Override
      public StrikeLedger<T> openLedger(long pendingCompleteBy) throws IOException {
        return StrikeLedger.open(ledgerFile, format, maxReferences, pendingCompleteBy);
      }

      @Override
      public Routes routes(StrikeLedger<T> ledger) {
        return routes.apply(ledger);
      }
    };
  }

  /** The routes, and the seed of the faults they inject (logged, so that a run can be replayed). */
  public record Routes(Route route, long faultSeed) {}

  /** Where to listen and keep the ledger, and how long accepted transfers pend. */
  public record Listen(String host, int port, Path dataDir, java.time.Duration completionDelay) {}

  private SimulatorServer() {}

  /** Opens (and replays) the ledger, then binds; port 0 binds a free port (see {@link RunningSimulator#port()}). */
  public static <L extends AutoCloseable> CompletionStage<RunningSimulator> start(
      ActorSystem<?> system, Listen listen, Protocol<L> protocol) {
    Executor blocking = system.dispatchers().lookup(DispatcherSelector.blocking());
    return CompletableFuture.supplyAsync(() -> open(listen, protocol), blocking)
        .thenCompose(ledger -> bind(system, listen, protocol, ledger, blocking));
  }

  private static <L extends AutoCloseable> L open(Listen listen, Protocol<L> protocol) {
    long pendingCompleteBy = System.currentTimeMillis() + listen.completionDelay().toMillis();
    try {
      return protocol.openLedger(pendingCompleteBy);
    } catch (IOException e) {
      throw new CompletionException(new UncheckedIOException("cannot open the " + protocol.rail() + " strike ledger", e));
    }
  }

  private static <L extends AutoCloseable> CompletionStage<RunningSimulator> bind(
      ActorSystem<?> system, Listen listen, Protocol<L> protocol, L ledger, Executor blocking) {
    CompletionStage<RunningSimulator> running;
    Routes routes;
    try {
      routes = protocol.routes(ledger);
      running = Http.get(system)
          .newServerAt(listen.host(), listen.port())
          .bind(routes.route())
          .thenApply(binding -> new RunningSimulator(protocol.rail(), binding, ledger, blocking));
    } catch (RuntimeException e) {
      closeQuietly(ledger);
      return CompletableFuture.failedFuture(e);
    }
    return running.whenComplete((simulator, error) -> {
      if (error != null) closeQuietly(ledger);
      else log.info("{} simulator listening on {} (ledger in {}, fault seed {})",
          protocol.rail(), simulator.baseUrl(), listen.dataDir(), routes.faultSeed());
    });
  }

  private static void closeQuietly(AutoCloseable ledger) {
    try {
      ledger.close();
    } catch (Exception e) {
      log.warn("closing the strike ledger after a failed start", e);
    }
  }
}
