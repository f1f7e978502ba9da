package org.symphony.node.supervision;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;

/** Blocking work (JDBC) of the supervision ports, run on the blocking dispatcher and answered as a stage. */
final class OffDispatcher {

  interface Work<T> {
    T run() throws Exception;
  }

  private OffDispatcher() {}

  static <T> CompletionStage<T> call(Work<T> work, Executor blocking) {
    return CompletableFuture.supplyAsync(() -> {
      try {
        return work.run();
      } catch (Exception e) {
        throw new CompletionException(e);
      }
    }, blocking);
  }
}
