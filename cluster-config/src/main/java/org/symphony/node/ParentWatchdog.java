package org.symphony.node;

import java.io.IOException;
import java.io.InputStream;

/**
 * {@code run --exit-with-parent} (and {@code rail-sim --exit-with-parent}): the process stops (System.exit → its own
 * shutdown hook, a graceful stop) when its stdin reaches end-of-file, i.e. when the process holding the other end of
 * the pipe is gone — even one that was SIGKILLed and ran no hooks. A child node of {@code run --profile local --nodes
 * N}, or a node or simulator of a test, never outlives it.
 */
final class ParentWatchdog {

  /** Exit code of a node stopped because its parent went away. */
  static final int PARENT_GONE = 3;

  private ParentWatchdog() {}

  static void start(InputStream parentPipe) {
    Thread watchdog =
        new Thread(
            () -> {
              try {
                while (parentPipe.read() >= 0) {
                  // the parent never writes; anything read is ignored
                }
              } catch (IOException ignored) {
                // treated like end-of-file
              }
              System.err.println("symphony: the parent process is gone (stdin closed); stopping");
              System.exit(PARENT_GONE);
            },
            "parent-watchdog");
    watchdog.setDaemon(true);
    watchdog.start();
  }
}
