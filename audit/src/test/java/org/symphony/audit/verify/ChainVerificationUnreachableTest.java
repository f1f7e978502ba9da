package org.symphony.audit.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.postgresql.ds.PGSimpleDataSource;

@Timeout(60)
class ChainVerificationUnreachableTest {

  @Test
  void unreachableDatabaseMeansCouldNotVerify() throws IOException {
    int closedPort;
    try (ServerSocket s = new ServerSocket(0)) {
      closedPort = s.getLocalPort(); // free now, nobody listens once closed
    }
    PGSimpleDataSource ds = new PGSimpleDataSource();
    ds.setUrl("jdbc:postgresql://localhost:" + closedPort + "/symphony");
    ds.setConnectTimeout(5);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();

    int exit = ChainVerification.run(ds, new PrintStream(bytes, true, StandardCharsets.UTF_8), ProgressListener.NONE,
        ChainVerifier.Options.DEFAULTS);

    assertEquals(ChainVerification.COULD_NOT_VERIFY, exit);
    assertTrue(bytes.toString(StandardCharsets.UTF_8).startsWith("COULD NOT VERIFY: "), bytes::toString);
  }
}
