package org.symphony.node;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;

/** Nodes for tests: a home of their own and free ports, so suites can run side by side. */
final class TestNodes {

  private TestNodes() {}

  static NodeOptions options(Path home) throws IOException {
    return NodeOptions.defaults(home)
        .withOverride("symphony.edge.port", 0)
        .withOverride("symphony.rails.simulator.mtn.port", 0)
        .withOverride("symphony.rails.simulator.airtel.port", 0)
        .withOverride("symphony.rails.simulator.rtgs.port", 0)
        .withOverride("pekko.remote.artery.canonical.port", 0)
        .withOverride("symphony.metrics.port", 0)
        .withOverride("pekko.management.http.port", freePort());
  }

  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
