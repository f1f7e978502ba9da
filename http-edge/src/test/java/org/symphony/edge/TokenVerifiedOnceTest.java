package org.symphony.edge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.symphony.edge.EdgeHarness.OPERATOR_CLIENT;
import static org.symphony.edge.EdgeHarness.PARTICIPANT_CLIENT;
import static org.symphony.edge.EdgeHarness.VALID_BODY;

import java.util.List;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.symphony.edge.attest.IngressEntry;

/**
 * A refused submission costs one signature check, not two: the attestation of the refusal takes the
 * identity the bearer directive verified instead of verifying the token again (an invalid token was
 * verified twice, doubling what a flood of forged tokens costs).
 */
class TokenVerifiedOnceTest {

  private static ActorTestKit testKit;
  private EdgeHarness edge;

  @BeforeAll
  static void startSystem() {
    testKit = TestSystems.testKit("TokenVerifiedOnceTest");
  }

  @AfterAll
  static void stopSystem() {
    testKit.shutdownTestKit();
  }

  @BeforeEach
  void startEdge() throws Exception {
    edge = EdgeHarness.start(testKit.system());
  }

  @AfterEach
  void stopEdge() throws Exception {
    edge.close();
  }

  @Test
  void aForgedTokenIsVerifiedOnce() throws Exception {
    String forged = ForgedTokens.signedByForeignKey(edge, PARTICIPANT_CLIENT);
    long before = edge.verifier.signatureChecks();

    var response = edge.send(edge.submit(forged, "once-1", VALID_BODY));

    assertEquals(401, response.statusCode(), response.body());
    assertEquals(1, edge.verifier.signatureChecks() - before);
    // Unauthenticated: counted per source and window, not attested on a row of its own (P12 finding 5).
    assertEquals(List.of(), edge.ledger.entries());
    assertEquals(IngressEntry.UNAUTHENTICATED, only(edge.ledger.refusals()).entry().subject());
  }

  @Test
  void aRefusedValidTokenIsVerifiedOnceAndItsIdentityRecorded() throws Exception {
    String operator = edge.token(OPERATOR_CLIENT);
    long before = edge.verifier.signatureChecks();

    var response = edge.send(edge.submit(operator, "once-2", VALID_BODY));

    assertEquals(403, response.statusCode(), response.body());
    assertEquals(1, edge.verifier.signatureChecks() - before);
    assertEquals(OPERATOR_CLIENT.subject(), only(edge.ledger.entries()).subject());
  }

  private static <T> T only(List<T> list) {
    assertEquals(1, list.size(), list.toString());
    return list.get(0);
  }
}
