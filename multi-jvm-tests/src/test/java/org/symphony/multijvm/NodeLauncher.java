package org.symphony.multijvm;

import java.io.IOException;

/**
 * Main class of a node JVM started by {@link NodeProcess}: runs {@code org.symphony.node.Main} unchanged, and stops
 * the node (System.exit → the node's own shutdown hook: edge, cluster, simulator, PostgreSQL) when its stdin reaches
 * end-of-file, i.e. when the test JVM that holds the other end of the pipe is gone — even if it was SIGKILLed and
 * could not run its own shutdown hook. A node must never outlive the test that started it.
 */
public final class NodeLauncher {

  private NodeLauncher() {}

  public static void main(String[] args) throws Exception {
    Thread watchdog =
        new Thread(
            () -> {
              try {
                while (System.in.read() >= 0) {
                  // the test JVM never writes; anything read is ignored
                }
              } catch (IOException ignored) {
                // treated like end-of-file
              }
              System.err.println("NodeLauncher: the test JVM is gone (stdin closed); stopping the node");
              System.exit(3);
            },
            "parent-watchdog");
    watchdog.setDaemon(true);
    watchdog.start();
    org.symphony.node.Main.main(args);
  }
}
