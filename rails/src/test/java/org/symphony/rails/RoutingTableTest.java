package org.symphony.rails;

import static org.junit.jupiter.api.Assertions.*;

import com.typesafe.config.ConfigFactory;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;
import org.symphony.engine.rail.Creditor;
import org.symphony.engine.rail.Rail;
import org.symphony.engine.rail.RailKey;
import org.symphony.engine.rail.RailResult;
import org.symphony.engine.rail.RailTransfer;

/** Every prefix rule of the default routing table, the bank-account route, and what is not connected. */
class RoutingTableTest {

  private final RoutingTable table = RoutingTable.fromConfig(ConfigFactory.load());

  @ParameterizedTest
  @CsvSource({
    "+260961234567, mtn-momo",
    "+260761234567, mtn-momo",
    "+260971234567, airtel-money",
    "+260771234567, airtel-money"
  })
  void mobileNumbersGoToTheirOperator(String msisdn, String rail) {
    assertEquals(Optional.of(rail), table.railFor(new Creditor.MobileWallet(msisdn)));
  }

  @ParameterizedTest
  @CsvSource({"+260951234567", "+260751234567", "+260211234567", "+447700900123"})
  void otherOperatorsAreNotConnected(String msisdn) {
    assertEquals(Optional.empty(), table.railFor(new Creditor.MobileWallet(msisdn)));
  }

  @Test
  void bankAccountsGoToTheRtgs() {
    assertEquals(Optional.of("rtgs"), table.railFor(new Creditor.BankAccount("ZNCOZMLU", "0123456789", "Mwila Banda")));
  }

  @Test
  void theLongestPrefixWins() {
    var specific = new RoutingTable(
        List.of(new RoutingTable.PrefixRoute("+26096", "mtn-momo"), new RoutingTable.PrefixRoute("+260969", "airtel-money")), "");
    assertEquals(Optional.of("airtel-money"), specific.railFor(new Creditor.MobileWallet("+260969999999")));
    assertEquals(Optional.of("mtn-momo"), specific.railFor(new Creditor.MobileWallet("+260961234567")));
    assertEquals(Optional.empty(), specific.railFor(new Creditor.BankAccount("ZNCOZMLU", "1", "Mwila Banda")), "no RTGS configured");
  }

  @Test
  void rulesForRailsANodeDoesNotRunAreDroppedVisibly() {
    var dropped = new java.util.ArrayList<String>();
    var mtnOnly = table.onlyFor(java.util.Set.of("mtn-momo"), dropped::add);
    assertEquals(Optional.of("mtn-momo"), mtnOnly.railFor(new Creditor.MobileWallet("+260961234567")));
    assertEquals(Optional.empty(), mtnOnly.railFor(new Creditor.MobileWallet("+260971234567")));
    assertEquals(Optional.empty(), mtnOnly.railFor(new Creditor.BankAccount("ZNCOZMLU", "0123456789", "Mwila Banda")));
    assertEquals(3, dropped.size(), dropped.toString());
  }

  @Test
  void theDirectoryRefusesARoutingToARailTheNodeDoesNotHave() {
    var mtn = new Named("mtn-momo");
    assertThrows(IllegalArgumentException.class, () -> new RoutedRailDirectory(table, List.of(mtn)));
    var directory = new RoutedRailDirectory(table, List.of(mtn, new Named("airtel-money"), new Named("rtgs")));
    assertEquals("airtel-money", directory.route(new Creditor.MobileWallet("+260771234567")).orElseThrow().id());
    assertEquals(Optional.empty(), directory.route(new Creditor.MobileWallet("+260951234567")));
    assertEquals("rtgs", directory.byId("rtgs").orElseThrow().id());
  }

  private record Named(String id) implements Rail {
    public CompletionStage<RailResult> dispatch(RailTransfer transfer) {
      throw new UnsupportedOperationException();
    }

    public CompletionStage<RailResult> status(RailKey railKey) {
      throw new UnsupportedOperationException();
    }
  }
}
