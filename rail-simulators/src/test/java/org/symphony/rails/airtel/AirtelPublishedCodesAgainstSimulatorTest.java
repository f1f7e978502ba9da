package org.symphony.rails.airtel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.symphony.engine.money.Currency;
import org.symphony.engine.money.Money;
import org.symphony.engine.rail.Creditor;
import org.symphony.engine.rail.RailKey;
import org.symphony.engine.rail.RailResult;
import org.symphony.engine.rail.RailTransfer;
import org.symphony.rails.sim.RunningSimulator;
import org.symphony.rails.sim.airtel.AirtelMoneySimulator;
import org.symphony.rails.sim.airtel.AirtelSimulatorSettings;
import org.symphony.rails.testing.Await;
import org.symphony.rails.testing.SimControl;
import org.symphony.rails.testing.Transfers;

/**
 * Every code of Airtel's published disbursement table (developer portal, Disbursement APIs → Error codes),
 * through the adapter against the simulator over HTTP, at dispatch and at the enquiry that follows. The
 * simulator answers DP00900001NNN for the payee +260 979000NNN (its code-payee-prefix).
 */
class AirtelPublishedCodesAgainstSimulatorTest {

  private static final ActorTestKit testKit = ActorTestKit.create();
  private static final String CODE_PAYEE = "+260" + AirtelSimulatorSettings.DEFAULT_CODE_PAYEE_PREFIX;

  @TempDir static Path dataDir;
  private static RunningSimulator simulator;
  private static SimControl sim;
  private static AirtelMoneyRail rail;

  /** The expected RailResult kind; Declined also carries the code. */
  enum Expect { COMPLETED, DECLINED, IN_PROGRESS, UNKNOWN, NOT_FOUND }

  @BeforeAll
  static void start() {
    simulator = Await.result(AirtelMoneySimulator.start(testKit.system(),
        AirtelSimulatorSettings.of("127.0.0.1", 0, dataDir, Duration.ZERO)));
    sim = new SimControl(simulator.baseUrl());
    rail = AirtelMoneyRail.create(testKit.system(),
        AirtelMoneySettings.fromConfig(testKit.system().settings().config())
            .withBaseUrl(simulator.baseUrl())
            .withCallTimeout(Duration.ofSeconds(8)));
  }

  @AfterAll
  static void shutdown() {
    Await.result(simulator.stop());
    testKit.shutdownTestKit();
  }

  static Stream<Arguments> publishedCodes() {
    return Stream.of(
        // code, at dispatch, at the enquiry after it, executions the simulator recorded
        Arguments.of("000", Expect.UNKNOWN, Expect.UNKNOWN, 1), // ambiguous: the enquiry answers TA
        Arguments.of("001", Expect.COMPLETED, Expect.COMPLETED, 1),
        Arguments.of("003", Expect.DECLINED, Expect.DECLINED, 1), // daily limit reached: TF
        Arguments.of("004", Expect.DECLINED, Expect.DECLINED, 1),
        Arguments.of("005", Expect.DECLINED, Expect.DECLINED, 1),
        Arguments.of("006", Expect.IN_PROGRESS, Expect.IN_PROGRESS, 1),
        Arguments.of("007", Expect.DECLINED, Expect.DECLINED, 1),
        Arguments.of("009", Expect.DECLINED, Expect.DECLINED, 1),
        Arguments.of("010", Expect.DECLINED, Expect.DECLINED, 1),
        Arguments.of("011", Expect.UNKNOWN, Expect.NOT_FOUND, 0), // "similar transaction exists": ours does not
        Arguments.of("012", Expect.DECLINED, Expect.DECLINED, 1),
        Arguments.of("013", Expect.DECLINED, Expect.DECLINED, 1),
        Arguments.of("014", Expect.UNKNOWN, Expect.UNKNOWN, 1), // timed out: may or may not have been processed
        Arguments.of("015", Expect.UNKNOWN, Expect.NOT_FOUND, 0), // not found is believed on an enquiry only
        Arguments.of("016", Expect.DECLINED, Expect.NOT_FOUND, 0), // forbidden: refused before anything exists
        Arguments.of("017", Expect.UNKNOWN, Expect.NOT_FOUND, 0)); // duplicate whose original cannot be found
  }

  @ParameterizedTest(name = "DP00900001{0}: dispatch {1}, enquiry {2}")
  @MethodSource("publishedCodes")
  void eachPublishedCodeThroughTheAdapter(String digits, Expect atDispatch, Expect atEnquiry, int executions) {
    String code = "DP00900001" + digits;
    RailTransfer transfer = Transfers.toWallet(CODE_PAYEE + digits);

    assertIs(atDispatch, code, Await.result(rail.dispatch(transfer)), "dispatch");
    assertIs(atEnquiry, code, Await.result(rail.status(transfer.railKey())), "enquiry");
    assertEquals(executions, sim.executions(transfer.railKey().value()));
  }

  @Test
  void theTableAboveCoversEveryCodeOfTheAdaptersTable() {
    assertEquals(AirtelResponseCode.values().length, publishedCodes().count());
    publishedCodes().forEach(a -> assertTrue(
        AirtelResponseCode.of("DP00900001" + a.get()[0]).isPresent(), "published: " + a.get()[0]));
  }

  @Test
  void anUnpublishedCodeIsUnknownNeverFinal() {
    for (String digits : new String[] {"002", "008", "099"}) {
      RailTransfer transfer = Transfers.toWallet(CODE_PAYEE + digits);
      RailResult.Unknown unknown = assertInstanceOf(RailResult.Unknown.class, Await.result(rail.dispatch(transfer)));
      assertTrue(unknown.reason().contains("DP00900001" + digits), unknown.reason());
    }
  }

  @Test
  void anUnregisteredPayeeIsDeclinedWithInvalidMobileNumber() {
    RailTransfer transfer = Transfers.toWallet("+260970000000"); // the failing suffix "0000"

    assertEquals("DP00900001012", assertInstanceOf(RailResult.Declined.class, Await.result(rail.dispatch(transfer))).reasonCode());
    assertEquals("DP00900001012",
        assertInstanceOf(RailResult.Declined.class, Await.result(rail.status(transfer.railKey()))).reasonCode());
  }

  @Test
  void anAmountOutOfRangeIsDeclinedWithInvalidAmountAndNothingIsCreated() {
    String id = "ins-huge-" + System.nanoTime();
    RailTransfer huge = new RailTransfer(id, RailKey.forInstruction(id), "participant-1",
        new Money(Long.MAX_VALUE, Currency.ZMW), new Creditor.MobileWallet("+260971234567"), "INV-1");

    assertEquals("DP00900001004", assertInstanceOf(RailResult.Declined.class, Await.result(rail.dispatch(huge))).reasonCode());
    assertEquals(new RailResult.NotFound(), Await.result(rail.status(huge.railKey())));
  }

  private static void assertIs(Expect expected, String code, RailResult actual, String when) {
    String context = code + " at " + when + ": " + actual;
    switch (expected) {
      case COMPLETED -> assertInstanceOf(RailResult.Completed.class, actual, context);
      case IN_PROGRESS -> assertEquals(new RailResult.InProgress(), actual, context);
      case NOT_FOUND -> assertEquals(new RailResult.NotFound(), actual, context);
      case UNKNOWN -> assertInstanceOf(RailResult.Unknown.class, actual, context);
      case DECLINED -> {
        RailResult.Declined declined = assertInstanceOf(RailResult.Declined.class, actual, context);
        assertEquals(code, declined.reasonCode(), context);
        assertFalse(declined.message().isBlank(), context);
      }
    }
  }
}
