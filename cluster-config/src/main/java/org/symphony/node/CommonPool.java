package org.symphony.node;

/**
 * On a 2-core machine the JDK's common pool has parallelism 1, and CompletableFuture then runs every
 * async stage on a brand-new thread. Pekko's CompletionStages (Scala FutureConverters) implement even
 * thenApply as thenApplyAsync on that default executor, so every HTTP request and ask would start
 * threads: measured here as ~30 instructions/s with p50 ~1 s. A parallel common pool avoids it.
 * Must run before anything touches ForkJoinPool.commonPool().
 */
final class CommonPool {

  static final String PROPERTY = "java.util.concurrent.ForkJoinPool.common.parallelism";

  private CommonPool() {}

  static void ensureParallel() {
    if (System.getProperty(PROPERTY) == null) {
      System.setProperty(PROPERTY, String.valueOf(Math.max(4, Runtime.getRuntime().availableProcessors())));
    }
  }
}
